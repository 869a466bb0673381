// People (admins): invite someone, see everyone with the tokens they used, remove someone.
import { el, clear } from "./dom.js";
import { me, send, toSignIn, renderNav, showProblem, hideProblem, values } from "./account-api.js";
import { tokens } from "./format.js";

const form = document.getElementById("invite-form");
const list = document.getElementById("people");
let self = null;

async function loadPeople() {
  const response = await fetch("/api/users", { cache: "no-store" });
  if (!response.ok) return;
  const people = await response.json();
  clear(list).append(...people.map((person) => el("li", { class: "row", "data-testid": "person-row" },
    el("span", { class: "row-main" },
      el("strong", {}, person.displayName || person.email),
      el("span", { class: "muted small" }, ` · ${person.email} · ${person.role}`),
      el("span", { class: "row-detail small" }, usage(person.usage))),
    person.id === self.id ? null
      : el("button", { type: "button", class: "button small", "data-testid": "person-remove", onclick: () => remove(person) }, "Remove"))));
}

function usage(models) {
  if (!models || models.length === 0) return "No tokens used.";
  const cost = (m) => (m.cost === undefined || m.cost === null ? "" : `, cost ${m.cost.toFixed(2)}`);
  return models.map((m) => `${m.model}: ${tokens(m.inputTokens)} in, ${tokens(m.outputTokens)} out${cost(m)}`).join(" · ");
}

async function remove(person) {
  if (!confirm(`Remove ${person.email}? Their reports become yours.`)) return;
  await send("DELETE", `/api/users/${encodeURIComponent(person.id)}`);
  await loadPeople();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  hideProblem(form);
  const response = await send("POST", "/api/invitations", values(form));
  if (!response.ok) {
    await showProblem(form, response);
    return;
  }
  const invited = await response.json();
  document.getElementById("invite-url").textContent = invited.url;
  document.getElementById("invite-link").hidden = false;
  form.reset();
});

async function start() {
  self = await me();
  if (!self) {
    toSignIn();
    return;
  }
  renderNav(document.getElementById("account-nav"), self);
  await loadPeople();
}
start();
