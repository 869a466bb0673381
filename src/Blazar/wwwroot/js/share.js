// The report page's owner line and Share dialog: the owner (or an admin) picks who may see the report.
import { signedIn, send } from "./account-api.js";
import { problemOf } from "./sse.js";

const LABELS = { private: "Private", team: "Shared with the team", link: "Anyone with the link" };

export async function startShare(entry) {
  const owner = document.getElementById("viewer-owner");
  const button = document.querySelector("[data-testid=share-button]");
  const dialog = document.getElementById("share-dialog");
  const form = document.getElementById("share-form");
  const select = document.getElementById("visibility-select");
  const error = document.getElementById("share-error");
  let visibility = entry.visibility || "private";

  const showOwner = () => {
    owner.textContent = `${entry.owner?.displayName ? `by ${entry.owner.displayName} · ` : ""}${LABELS[visibility] || visibility}`;
    owner.dataset.visibility = visibility;
  };
  showOwner();

  const person = await signedIn();
  if (!person || (person.role !== "admin" && person.id !== entry.owner?.id)) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    select.value = visibility;
    error.hidden = true;
    dialog.showModal();
  });
  document.getElementById("share-cancel").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await send("PATCH", `/api/reports/${encodeURIComponent(entry.id)}`, { visibility: select.value });
    if (!response.ok) {
      error.textContent = (await problemOf(response)).message;
      error.hidden = false;
      return;
    }
    visibility = (await response.json()).visibility;
    showOwner();
    dialog.close();
  });
}
