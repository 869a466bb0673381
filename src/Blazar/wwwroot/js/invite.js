// An invitation link: shows whom it is for, and creates the account with the password chosen here.
import { send, showProblem, hideProblem, values } from "./account-api.js";

const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const form = document.getElementById("invite-form");
const api = `/api/invitations/${encodeURIComponent(token)}`;

async function start() {
  const response = await fetch(api, { cache: "no-store" }).catch(() => null);
  if (!response?.ok) {
    document.getElementById("invite-gone").hidden = false;
    return;
  }
  const invitation = await response.json();
  document.getElementById("invite-email").textContent = invitation.email;
  form.hidden = false;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  hideProblem(form);
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  try {
    const response = await send("POST", `${api}/accept`, values(form));
    if (response.ok) location.assign("/");
    else if (response.status === 404) {
      form.hidden = true;
      document.getElementById("invite-gone").hidden = false;
    } else await showProblem(form, response);
  } finally {
    button.disabled = false;
  }
});
start();
