// Who is signed in, and the calls the account pages make. Everything a person typed goes in as text.
import { el, clear } from "./dom.js";
import { problemOf } from "./sse.js";

// The signed-in person ({id, email, displayName, role}), or null for nobody.
export async function me() {
  const response = await fetch("/api/account", { cache: "no-store" }).catch(() => null);
  return response?.ok ? response.json() : null;
}

let current = null;

// The signed-in person, asked once per page.
export function signedIn() {
  current ??= me();
  return current;
}

// Sends JSON (or nothing) and returns the response.
export function send(method, url, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return fetch(url, init);
}

// The sign-in page, coming back here afterwards.
export function toSignIn() {
  location.assign(`/login?returnUrl=${encodeURIComponent(location.pathname + location.search)}`);
}

// Where to go after signing in: only a path of this site, never another origin.
export function returnUrl() {
  const target = new URLSearchParams(location.search).get("returnUrl") || "/";
  return target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/\\") ? target : "/";
}

// The top bar's account links: who is signed in, their account, people (admins), sign out.
export function renderNav(nav, person) {
  clear(nav);
  if (!person) return;
  nav.append(el("a", { href: "/account", class: "account-link", "data-testid": "account-link", title: person.email }, person.displayName || person.email));
  if (person.role === "admin") nav.append(el("a", { href: "/people", "data-testid": "people-link" }, "People"));
  nav.append(el("button", { type: "button", class: "button ghost small", "data-testid": "nav-sign-out", onclick: signOut }, "Sign out"));
}

export async function signOut() {
  await send("POST", "/api/account/logout");
  location.assign("/login");
}

// A failed form submit: the problem's sentence on top, each field's messages under the field.
export async function showProblem(form, response, fallback) {
  const { message, errors } = await problemOf(response);
  const top = form.querySelector(".form-error") || document.getElementById("form-error");
  for (const node of form.querySelectorAll(".field-error")) {
    const messages = errors[node.dataset.field];
    node.textContent = messages ? messages.join(" ") : "";
    node.hidden = !messages;
  }
  const shown = Object.keys(errors).some((field) => form.querySelector(`.field-error[data-field="${field}"]`));
  const loose = Object.values(errors).flat().join(" "); // errors about fields this form does not show
  top.textContent = shown ? "Please check the fields below." : (fallback?.(response.status) ?? (loose || message));
  top.hidden = false;
}

export function hideProblem(form) {
  for (const node of form.querySelectorAll(".field-error, .form-error")) node.hidden = true;
  const top = document.getElementById("form-error");
  if (top) top.hidden = true;
}

// The form's fields as an object of strings.
export function values(form) {
  return Object.fromEntries(new FormData(form).entries());
}
