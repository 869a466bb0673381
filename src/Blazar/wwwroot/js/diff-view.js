// Two versions side by side in one text: each section with the words taken out struck through (<del>) and the
// words put in marked (<ins>). Built from text nodes only: the versions are model output, never parsed as HTML here.
import { el, clear } from "./dom.js";

const CHANGE = { same: "Unchanged", changed: "Changed", added: "New section", removed: "Section taken out" };

export function renderDiff(body, diff) {
  clear(body);
  const changed = diff.sections.filter((s) => s.change !== "same").length;
  body.append(el("p", { class: "diff-summary", "data-testid": "diff-summary" },
    `Version ${diff.from} → version ${diff.to}: ${changed === 0 ? "no section changed" : `${changed} of ${diff.sections.length} sections changed`}.`));
  for (const section of diff.sections) {
    const words = section.change === "same"
      ? el("p", { class: "diff-same muted" }, "No words changed.")
      : el("p", { class: "diff-words" }, section.words.map(word));
    body.append(el("section", { class: "diff-section", "data-change": section.change, "data-testid": "diff-section" },
      el("div", { class: "diff-section-head" },
        el("h3", {}, section.heading || "Before the first section"),
        el("span", { class: "diff-badge", "data-change": section.change }, CHANGE[section.change] || section.change)),
      words));
  }
}

function word({ op, text }) {
  if (op === "added") return el("ins", { title: "Added" }, text);
  if (op === "removed") return el("del", { title: "Removed" }, text);
  return document.createTextNode(text);
}
