// The Revise dialog (owner or admin): what should change, for the whole report or one of its sections. The sections
// are the stored report's <h2> headings, read in an inert document and put into the select as text.
import { el, clear } from "./dom.js";
import { reportHeadings, requestRevision, MISSING_INSTRUCTION } from "./report-revision.js";
import { showProblem, hideProblem } from "./account-api.js";
import { askToNotify, notifyWhenDone } from "./notify.js";

export function startRevise({ id, reportPath, onStarted }) {
  const button = document.querySelector("[data-testid=revise-button]");
  const dialog = document.getElementById("revise-dialog");
  const form = document.getElementById("revise-form");
  const section = document.getElementById("revise-section");
  const instruction = document.getElementById("revise-instruction");
  const submit = form.querySelector("[data-testid=revise-submit]");

  button.hidden = false;
  button.addEventListener("click", async () => {
    hideProblem(form);
    document.getElementById("revise-error").hidden = true;
    clear(section).append(el("option", { value: "" }, "The whole report"));
    dialog.showModal();
    instruction.focus();
    section.append(...(await reportHeadings(reportPath)).map((text) => el("option", { value: text }, `Only “${text}”`)));
  });
  document.getElementById("revise-cancel").addEventListener("click", () => dialog.close());
  instruction.addEventListener("input", () => {
    form.querySelector(".field-error[data-field=instruction]").hidden = true;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    hideProblem(form);
    if (!instruction.value.trim()) {
      const message = form.querySelector(".field-error[data-field=instruction]");
      message.textContent = MISSING_INSTRUCTION;
      message.hidden = false;
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
      instruction.value = "";
      dialog.close();
      onStarted(version);
    } finally {
      submit.disabled = false;
    }
  });
}
