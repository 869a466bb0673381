// The sign-in page: email and password, a passkey (also offered in the email box's suggestions), or the
// configured OpenID Connect provider; then back where the person was going.
import { send, returnUrl, showProblem, hideProblem, values } from "./account-api.js";
import { supported, requestOptions, signIn, conditionalAvailable } from "./passkeys.js";

const form = document.getElementById("login-form");
const passkeyButton = document.getElementById("passkey-sign-in");
const oidcLink = document.getElementById("oidc-sign-in");
let suggestion = null; // the passkey request the email box's suggestions answer, while it waits
let suggestionOptions = null; // its options, asked for: a later request must not be overtaken by them

// Why a provider sign-in came back here (the server names the reason; the words are ours).
const providerProblems = {
  "oidc-unknown": "There is no Blazar account for that sign-in. Ask an admin of this Blazar for an invitation to your email address.",
  "oidc-unverified": "The provider did not confirm your email address, so Blazar cannot tell whose account it is.",
  "oidc-failed": "Signing in with the provider did not work. Try again.",
};

async function start() {
  const setup = await fetch("/api/setup", { cache: "no-store" }).then((r) => r.json()).catch(() => null);
  if (setup?.needed) {
    location.replace("/setup");
    return;
  }
  const problem = providerProblems[new URLSearchParams(location.search).get("error")];
  if (problem) showMessage(problem);
  const methods = await fetch("/api/account/sign-in-methods", { cache: "no-store" }).then((r) => r.json()).catch(() => null);
  if (methods?.oidc) {
    oidcLink.textContent = `Sign in with ${methods.oidc.displayName}`;
    oidcLink.href = `/login/oidc?returnUrl=${encodeURIComponent(returnUrl())}`;
    oidcLink.hidden = false;
  }
  passkeyButton.hidden = !supported();
  document.getElementById("alternatives").hidden = passkeyButton.hidden && oidcLink.hidden;
  if (await conditionalAvailable()) suggest();
}

function showMessage(text) {
  const top = document.getElementById("form-error");
  top.textContent = text;
  top.hidden = false;
}

async function suggest() {
  suggestion = new AbortController();
  suggestionOptions = requestOptions();
  const result = await signIn(await suggestionOptions, { mediation: "conditional", signal: suggestion.signal });
  // A suggestion the browser cannot offer (an address that is no passkey domain, say) is not the person's problem.
  if (result.response) await finish(result);
}

async function finish({ response, failed }) {
  if (response?.ok) {
    location.assign(returnUrl());
    return;
  }
  if (failed) showMessage(failed);
  else if (response) await showProblem(form, response, (status) => (status === 401 ? "That passkey does not belong to an account here (it may have been removed)." : undefined));
}

passkeyButton.addEventListener("click", async () => {
  hideProblem(form);
  passkeyButton.disabled = true;
  await suggestionOptions?.catch(() => null);
  suggestion?.abort();
  suggestion = null;
  try {
    await finish(await signIn(await requestOptions()));
  } finally {
    passkeyButton.disabled = false;
  }
});

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
