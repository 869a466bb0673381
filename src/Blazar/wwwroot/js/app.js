// The hub page: the list of reports and the chat that starts new ones.
import { startHub } from "./hub.js";
import { startChat } from "./chat.js";
import { startHubSearch } from "./hub-search.js";
import { signedIn, renderNav, toSignIn } from "./account-api.js";

async function showMode() {
  const badge = document.getElementById("mode-badge");
  try {
    const info = await (await fetch("/api/info")).json();
    const unreachable = !info.offline && info.reachable === false;
    badge.textContent = info.offline ? "Offline writer · no model configured"
      : unreachable ? `Model: ${info.writer} · cannot be reached` : `Model: ${info.writer}`;
    badge.title = info.offline
      ? "Reports are written by Blazar's built-in offline writer and the chat is a guided interview. Configure a model key to have a language model write them."
      : unreachable ? `The ${info.writer} model API cannot be reached (${info.problem}): reports will fail until it can. Check the base URL and the network.`
        : `Reports are written by the ${info.writer} model.`;
    badge.dataset.offline = String(info.offline);
    badge.dataset.reachable = String(!unreachable);
    badge.hidden = false;
    document.body.dataset.offline = String(info.offline);
  } catch {
    // The badge only informs; the page works without it.
  }
}

// Who is signed in, in the top bar; a session that ended sends the page to sign-in.
async function showAccount() {
  const person = await signedIn();
  if (person) renderNav(document.getElementById("account-nav"), person);
  else toSignIn();
}

showAccount();
const hub = startHub(document.getElementById("hub-nodes"));
startHubSearch(document.getElementById("hub-search"), document.getElementById("hub-search-status"), hub);
startChat();
showMode();
