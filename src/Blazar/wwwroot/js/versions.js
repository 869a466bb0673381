// The Versions dialog: every version (when, what was asked, size, tokens), a link to read any of them, Restore for
// the owner or an admin, and a comparison of two versions shown in place of the report.
import { el, clear } from "./dom.js";
import { date, kb, tokens, statusLabel } from "./format.js";
import { problemOf, post } from "./sse.js";
import { renderDiff } from "./diff-view.js";

export function startVersions({ id, reportPath, canChange, shownVersion, onRestored, onDiff }) {
  const button = document.querySelector("[data-testid=versions-menu]");
  const dialog = document.getElementById("versions-dialog");
  const list = document.getElementById("versions-list");
  const error = document.getElementById("versions-error");
  const from = document.getElementById("compare-from");
  const to = document.getElementById("compare-to");
  const api = `/api/reports/${encodeURIComponent(id)}`;

  const fail = (message) => {
    error.textContent = message;
    error.hidden = false;
  };

  const restoreButton = (version) => {
    const restore = el("button", { type: "button", class: "button small", "data-testid": "version-restore" }, "Restore");
    restore.setAttribute("aria-label", `Restore version ${version.version} as the current one`);
    restore.addEventListener("click", async () => {
      restore.disabled = true;
      const response = await post(`${api}/versions/${version.version}/restore`);
      if (!response.ok) {
        restore.disabled = false;
        fail((await problemOf(response)).message);
        return;
      }
      dialog.close();
      onRestored((await response.json()).version);
    });
    return restore;
  };

  const row = (version, current) => {
    const asked = version.instruction
      ? `“${version.instruction}”${version.section ? ` (section “${version.section}”)` : ""}`
      : "Written from the spec";
    const figures = [kb(version.length)];
    if (version.usage) figures.push(`${tokens(version.usage.outputTokens)} tokens out`);
    if (version.status !== "done") figures.push(statusLabel[version.status] || version.status);
    const href = version.version === current ? reportPath : `${reportPath}?v=${version.version}`;
    const read = el("a", { class: "button small", href, "data-testid": "version-open" }, version.version === shownVersion ? "Reading" : "Read");
    read.setAttribute("aria-label", `Read version ${version.version}`);
    if (version.version === shownVersion) read.setAttribute("aria-current", "page");
    return el("li", { class: "version-row", "data-version": String(version.version), "data-testid": "version-row" },
      el("div", { class: "version-main" },
        el("strong", {}, `Version ${version.version}${version.version === current ? " · current" : ""}`),
        el("span", { class: "version-when muted" }, date(version.createdAt)),
        el("span", { class: "version-asked" }, asked),
        el("span", { class: "version-figures muted" }, figures.join(" · "))),
      el("div", { class: "version-actions" },
        read,
        canChange && version.version !== current && version.status === "done" ? restoreButton(version) : null));
  };

  const fillCompare = (versions) => {
    const done = versions.filter((v) => v.status === "done");
    const options = (select) => clear(select).append(...done.map((v) => el("option", { value: String(v.version) }, `Version ${v.version}`)));
    options(from);
    options(to);
    if (done.length >= 2) {
      from.value = String(done[done.length - 2].version);
      to.value = String(done[done.length - 1].version);
    }
    document.getElementById("versions-compare").hidden = done.length < 2;
  };

  const load = async () => {
    error.hidden = true;
    clear(list).append(el("li", { class: "muted" }, "Loading versions…"));
    const response = await fetch(`${api}/versions`, { cache: "no-store" }).catch(() => null);
    if (!response?.ok) {
      clear(list);
      fail(response ? (await problemOf(response)).message : "Blazar cannot be reached right now.");
      return;
    }
    const versions = await response.json();
    const current = versions.length ? versions[versions.length - 1].version : 0;
    clear(list).append(...[...versions].reverse().map((v) => row(v, current)));
    fillCompare(versions);
  };

  button.hidden = false;
  button.addEventListener("click", () => {
    dialog.showModal();
    document.getElementById("versions-heading").focus(); // not the compare select, which comes before the list loads
    load();
  });
  document.getElementById("versions-close").addEventListener("click", () => dialog.close());
  document.getElementById("versions-compare").addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(`${api}/versions/diff?from=${from.value}&to=${to.value}`, { cache: "no-store" }).catch(() => null);
    if (!response?.ok) {
      fail(response ? (await problemOf(response)).message : "Blazar cannot be reached right now.");
      return;
    }
    dialog.close();
    onDiff(await response.json());
  });
}

// Shows a comparison in place of the report until "Back to the report".
export function showDiff(diff) {
  const panel = document.getElementById("viewer-diff");
  renderDiff(document.getElementById("diff-body"), diff);
  document.getElementById("diff-heading").textContent = `Changes from version ${diff.from} to version ${diff.to}`;
  panel.hidden = false;
  document.body.dataset.diff = "open";
  const back = document.getElementById("diff-close");
  back.focus();
  back.onclick = () => {
    panel.hidden = true;
    delete document.body.dataset.diff;
    document.querySelector("[data-testid=versions-menu]").focus();
  };
}
