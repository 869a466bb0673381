// The sign-in page: email and password; then back where the person was going.
import { send, returnUrl, showProblem, hideProblem, values } from "./account-api.js";

const form = document.getElementById("login-form");

async function start() {
  const setup = await fetch("/api/setup", { cache: "no-store" }).then((r) => r.json()).catch(() => null);
  if (setup?.needed) location.replace("/setup");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  hideProblem(form);
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  try {
    const response = await send("POST", "/api/account/login", values(form));
    if (response.ok) {
      location.assign(returnUrl());
      return;
    }
    await showProblem(form, response, (status) => (status === 401 ? "That email and password do not match an account." : undefined));
  } catch {
    await showProblem(form, new Response("{}", { status: 503 }), () => "Blazar cannot be reached right now.");
  } finally {
    button.disabled = false;
  }
});
start();
