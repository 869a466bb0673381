// Your account: who you are, your passkeys, your API tokens (make, list, revoke), sign out.
import { el, clear } from "./dom.js";
import { me, send, toSignIn, renderNav, signOut, showProblem, hideProblem } from "./account-api.js";
import { startPasskeys } from "./account-passkeys.js";

const form = document.getElementById("token-form");
const list = document.getElementById("tokens");
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

async function loadTokens() {
  const response = await fetch("/api/tokens", { cache: "no-store" });
  if (!response.ok) return;
  const tokens = await response.json();
  clear(list).append(...tokens.map((token) => el("li", { class: "row", "data-testid": "token-row" },
    el("span", { class: "row-main" }, el("strong", {}, token.name), el("span", { class: "muted small" }, ` · expires ${dateFormat.format(new Date(token.expiresAt))}`)),
    el("button", { type: "button", class: "button small", onclick: () => revoke(token.id) }, "Revoke"))));
  if (tokens.length === 0) list.append(el("li", { class: "muted small" }, "No tokens yet."));
}

async function revoke(id) {
  await send("DELETE", `/api/tokens/${encodeURIComponent(id)}`);
  await loadTokens();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  hideProblem(form);
  const name = form.elements.name.value.trim();
  const days = Number(form.elements.expiresInDays.value);
  const response = await send("POST", "/api/tokens", { name, expiresInDays: Number.isFinite(days) && days > 0 ? days : undefined });
  if (!response.ok) {
    await showProblem(form, response);
    return;
  }
  const created = await response.json();
  document.getElementById("new-token-value").textContent = created.token;
  document.getElementById("new-token").hidden = false;
  form.reset();
  await loadTokens();
});

async function start() {
  const person = await me();
  if (!person) {
    toSignIn();
    return;
  }
  renderNav(document.getElementById("account-nav"), person);
  const fields = [["Name", person.displayName], ["Email", person.email], ["Role", person.role]];
  clear(document.getElementById("me")).append(...fields.flatMap(([label, value]) => [el("dt", {}, label), el("dd", {}, value)]));
  document.getElementById("sign-out").addEventListener("click", signOut);
  await Promise.all([startPasskeys(), loadTokens()]);
}
start();
