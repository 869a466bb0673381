// First run: the first account, an admin.
import { send, showProblem, hideProblem, values } from "./account-api.js";

const form = document.getElementById("setup-form");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  hideProblem(form);
  const button = form.querySelector("[type=submit]");
  button.disabled = true;
  try {
    const response = await send("POST", "/api/setup", values(form));
    if (response.ok) location.assign("/");
    else if (response.status === 409) location.assign("/login");
    else await showProblem(form, response);
  } finally {
    button.disabled = false;
  }
});
