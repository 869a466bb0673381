// What a revision needs, wherever it is asked for (the report page's Revise dialog, the chat's generation card):
// the report's sections as plain text, and the form's sending of it.
import { post } from "./sse.js";
import { showProblem, hideProblem } from "./account-api.js";
import { askToNotify, notifyWhenDone } from "./notify.js";

const MISSING_INSTRUCTION = "Say what should change.";

// An <h2>'s text as the server matches it: its words, spaces collapsed.
const headingText = (node) => (node.textContent || "").replace(/\s+/g, " ").trim();

// The stored report's <h2> headings, as text.
export async function reportHeadings(reportPath) {
  const response = await fetch(`${reportPath}/raw`, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) return [];
  // DOMParser builds an inert document: nothing in it runs or loads, and only the headings' text leaves it.
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  return [...new Set([...doc.querySelectorAll("h2")].map(headingText).filter(Boolean))];
}

// Asks for a new version: the whole report, or only `section` when one is given. Returns the response.
function requestRevision(id, instruction, section) {
  const body = { instruction: instruction.trim() };
  if (section) body.section = section;
  return post(`/api/reports/${encodeURIComponent(id)}/revisions`, body);
}

// Sends a revision form (an `instruction` textarea, a `section` select, its `submit` button, field errors and a
// .form-error): an empty instruction is refused before sending, the server's problems are shown under their
// fields, and onAccepted(version) runs once the server has taken the revision.
export function sendRevisions(form, { id, instruction, section, submit, onAccepted }) {
  const instructionError = form.querySelector(".field-error[data-field=instruction]");
  instruction.addEventListener("input", () => {
    instructionError.hidden = true;
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
      onAccepted(version);
    } catch (error) {
      const top = form.querySelector(".form-error");
      top.textContent = `Could not ask for the revision: ${error.message}`;
      top.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
}
