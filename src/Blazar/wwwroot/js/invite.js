// An invitation link: shows whom it is for, and creates the account with the password chosen here or a passkey.
import { send, showProblem, hideProblem, values } from "./account-api.js";
import { supported, register } from "./passkeys.js";

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
  document.getElementById("invite-passkey-choice").hidden = !supported();
}

function gone() {
  form.hidden = true;
  document.getElementById("invite-gone").hidden = false;
}

document.getElementById("invite-passkey").addEventListener("click", async (event) => {
  hideProblem(form);
  const button = event.currentTarget;
  button.disabled = true;
  try {
    const displayName = form.elements.displayName.value.trim() || undefined;
    const { response, failed } = await register(`${api}/passkey-options`, { displayName }, `${api}/accept-passkey`, { displayName });
    if (failed) await showProblem(form, new Response("{}", { status: 400 }), () => failed);
    else if (response.ok) location.assign("/");
    else if (response.status === 404) gone();
    else await showProblem(form, response);
  } finally {
    button.disabled = false;
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  hideProblem(form);
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  try {
    const response = await send("POST", `${api}/accept`, values(form));
    if (response.ok) location.assign("/");
    else if (response.status === 404) gone();
    else await showProblem(form, response);
  } finally {
    button.disabled = false;
  }
});
start();
