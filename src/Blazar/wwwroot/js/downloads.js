// The Download menu and Print: plain links to the exports of the version on screen, and the whole report printed.
import { el, clear } from "./dom.js";
import { disclosureMenu } from "./menu.js";
import { printReport } from "./print.js";

const LABELS = { html: "Web page (HTML)", pdf: "PDF", md: "Markdown", docx: "Word (.docx)" };
const ORDER = ["html", "pdf", "md", "docx"];

// The formats this server offers (PDF only when it can print one), asked once per page.
let offered = null;
const formats = () => {
  offered ??= fetch("/api/exports", { cache: "no-store" })
    .then((response) => (response.ok ? response.json() : { formats: ["html", "md", "docx"] }))
    .then((answer) => answer.formats)
    .catch(() => ["html", "md", "docx"]);
  return offered;
};

export async function startDownloads({ reportPath, version }) {
  const menu = document.getElementById("download");
  const list = document.getElementById("download-list");
  const button = menu.querySelector("[data-testid=download-menu]");
  const query = version ? `?v=${version}` : "";
  const names = await formats();
  clear(list).append(...ORDER.filter((name) => names.includes(name)).map((name) =>
    el("li", {}, el("a", { href: `${reportPath}/export/${name}${query}`, download: "", "data-format": name, "data-testid": `download-${name}` }, LABELS[name]))));
  if (!menu.dataset.ready) {
    menu.dataset.ready = "true";
    disclosureMenu(button, list);
  }
  menu.hidden = false;

  const print = document.getElementById("print-button");
  print.hidden = false;
  print.onclick = async () => {
    print.disabled = true;
    try {
      await printReport(reportPath, version);
    } catch (error) {
      document.getElementById("viewer-status").textContent = error.message;
    } finally {
      print.disabled = false;
    }
  };
}

// While a new version is written there is nothing finished to download or print.
export function hideDownloads() {
  document.getElementById("download").hidden = true;
  document.getElementById("print-button").hidden = true;
}
