// The account page's passkeys: add one (named), list them, remove one.
import { el, clear } from "./dom.js";
import { send } from "./account-api.js";
import { supported, register } from "./passkeys.js";
import { problemOf } from "./sse.js";

const form = document.getElementById("passkey-form");
const list = document.getElementById("passkeys");
const error = document.getElementById("passkey-error");
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function show(message) {
  error.textContent = message;
  error.hidden = !message;
}

async function load() {
  const response = await fetch("/api/account/passkeys", { cache: "no-store" });
  if (!response.ok) return;
  const passkeys = await response.json();
  clear(list).append(...passkeys.map((passkey) => el("li", { class: "row", "data-testid": "passkey-row" },
    el("span", { class: "row-main" }, el("strong", {}, passkey.name), el("span", { class: "muted small" }, ` · added ${dateFormat.format(new Date(passkey.createdAt))}`)),
    el("button", { type: "button", class: "button small", "data-testid": "passkey-remove", "aria-label": `Remove ${passkey.name}`, onclick: () => remove(passkey.id) }, "Remove"))));
  if (passkeys.length === 0) list.append(el("li", { class: "muted small" }, "No passkeys yet."));
}

async function remove(id) {
  show("");
  const response = await send("DELETE", `/api/account/passkeys/${encodeURIComponent(id)}`);
  if (!response.ok) show((await problemOf(response)).message);
  await load();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  show("");
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  try {
    const name = form.elements.name.value.trim();
    const { response, failed } = await register("/api/account/passkeys/creation-options", {}, "/api/account/passkeys", { name: name || undefined });
    if (failed) show(failed);
    else if (!response.ok) show(Object.values((await problemOf(response)).errors).flat().join(" ") || "The passkey could not be added.");
    else {
      form.reset();
      await load();
    }
  } finally {
    button.disabled = false;
  }
});

export async function startPasskeys() {
  if (!supported()) {
    form.hidden = true;
    show("This browser cannot make passkeys.");
  }
  await load();
}
