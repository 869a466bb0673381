// The generation card's Revise form: what should change, for the whole report or one of its sections, asked for
// without leaving the chat. Headings go into the select as option text; nothing from the report is parsed here.
import { el } from "./dom.js";
import { reportHeadings, sendRevisions } from "./report-revision.js";

let forms = 0;

// onStarted(version) once the server accepted it; onCancel() when the person changed their mind.
export function reviseForm(id, { onStarted, onCancel }) {
  const key = `card-revise-${++forms}`;
  const section = el("select", { id: `${key}-section`, name: "section", "data-testid": "revise-from-chat-section", "aria-describedby": `${key}-section-error` },
    el("option", { value: "" }, "The whole report"));
  const instruction = el("textarea", {
    id: `${key}-instruction`, name: "instruction", rows: "3", maxlength: "4000", required: true,
    "aria-describedby": `${key}-instruction-error`, "data-testid": "revise-from-chat-instruction",
    placeholder: "Shorten the summary; add a section on pricing risks",
  });
  const instructionError = el("p", { class: "field-error", id: `${key}-instruction-error`, "data-field": "instruction", hidden: true });
  const submit = el("button", { type: "submit", class: "button primary", "data-testid": "revise-from-chat-submit" }, "Send");
  const cancel = el("button", { type: "button", class: "button ghost", "data-testid": "revise-from-chat-cancel" }, "Cancel");
  const form = el("form", { class: "card-revise", novalidate: true, "data-testid": "revise-from-chat-form", "aria-label": "Revise this report" },
    el("label", { for: section.id }, "What to rewrite"),
    section,
    el("p", { class: "field-error", id: `${key}-section-error`, "data-field": "section", hidden: true }),
    el("label", { for: instruction.id }, "What should change"),
    instruction,
    instructionError,
    el("p", { class: "form-error", role: "alert", hidden: true }),
    el("div", { class: "card-actions" }, submit, cancel));

  reportHeadings(`/r/${encodeURIComponent(id)}`).then((headings) =>
    section.append(...headings.map((text) => el("option", { value: text }, `Only “${text}”`))));

  cancel.addEventListener("click", onCancel);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") onCancel();
  });
  section.addEventListener("change", () => {
    for (const node of form.querySelectorAll(".field-error[data-field=section], .form-error")) node.hidden = true;
  });
  sendRevisions(form, { id, instruction, section, submit, onAccepted: onStarted });

  return { element: form, focus: () => instruction.focus() };
}
