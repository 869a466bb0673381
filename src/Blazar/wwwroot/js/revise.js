// The Revise dialog (owner or admin): what should change, for the whole report or one of its sections. The sections
// are the stored report's <h2> headings, read in an inert document and put into the select as text.
import { el, clear } from "./dom.js";
import { reportHeadings, sendRevisions } from "./report-revision.js";
import { hideProblem } from "./account-api.js";

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
  sendRevisions(form, {
    id, instruction, section, submit,
    onAccepted: (version) => {
      instruction.value = "";
      dialog.close();
      onStarted(version);
    },
  });
}
