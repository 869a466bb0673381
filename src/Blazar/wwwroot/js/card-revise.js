// The generation card's Revise form: what should change, for the whole report or one of its sections, asked for
// without leaving the chat. Headings go into the select as option text; nothing from the report is parsed here.
import { el } from "./dom.js";
import { reportHeadings, requestRevision, MISSING_INSTRUCTION } from "./report-revision.js";
import { showProblem, hideProblem } from "./account-api.js";
import { askToNotify, notifyWhenDone } from "./notify.js";

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
  instruction.addEventListener("input", () => {
    instructionError.hidden = true;
  });
  section.addEventListener("change", () => {
    for (const node of form.querySelectorAll(".field-error[data-field=section], .form-error")) node.hidden = true;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideProblem(form);
    if (!instruction.value.trim()) {
      instructionError.textContent = MISSING_INSTRUCTION;
      instructionError.hidden = false;
      instruction.focus();
      return;
    }
    submit.disabled = true;
    askToNotify(); // a moment the person chose: they will want to know when the new version is written
    try {
      const response = await requestRevision(id, instruction.value, section.value);
      if (!response.ok) {
        await showProblem(form, response);
        return;
      }
      const { version } = await response.json();
      notifyWhenDone(id);
      onStarted(version);
    } catch (error) {
      const top = form.querySelector(".form-error");
      top.textContent = `Could not ask for the revision: ${error.message}`;
      top.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  return { element: form, focus: () => instruction.focus() };
}
