// What a revision needs, wherever it is asked for (the report page's Revise dialog, the chat's generation card):
// the report's sections as plain text, and the request itself.
import { post } from "./sse.js";

export const MISSING_INSTRUCTION = "Say what should change.";

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
export function requestRevision(id, instruction, section) {
  const body = { instruction: instruction.trim() };
  if (section) body.section = section;
  return post(`/api/reports/${encodeURIComponent(id)}/revisions`, body);
}
