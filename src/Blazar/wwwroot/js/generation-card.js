// The generation card in the chat: progress, KB written, a pulsing "View live" link from the first moment,
// Stop while writing, Open report when done (and Revise, for its owner or an admin), and Continue after a stop or a failure.
import { el, clear } from "./dom.js";
import { kb } from "./format.js";
import { followReport, ReportText } from "./channel.js";
import { post, problemOf } from "./sse.js";
import { HUB_CHANGE } from "./hub-feed.js";
import { reportFinished } from "./notify.js";
import { signedIn } from "./account-api.js";
import { reviseForm } from "./card-revise.js";

export function announce(name, entry) {
  window.dispatchEvent(new CustomEvent(name, { detail: entry }));
}

// The same rule as the report page's: its owner or an admin may change it.
async function mayChange(entry) {
  const person = await signedIn().catch(() => null);
  return !!person && typeof entry.version === "number" && (person.role === "admin" || person.id === entry.owner?.id);
}

async function entryOf(id) {
  const response = await fetch(`/api/reports/${encodeURIComponent(id)}`, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return response.json();
}

// item: { id, title }. With ownSource the caller feeds the stream of its POST through feed().
export function generationCard(item, { ownSource = false } = {}) {
  const href = `/r/${encodeURIComponent(item.id)}`;
  const status = el("p", { class: "gen-status", role: "status" }, "Starting…");
  const fill = el("span", { class: "progress-fill" });
  const progress = el("div", { class: "progress", role: "progressbar", "aria-label": "Progress", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" }, fill);
  const size = el("span", { class: "gen-kb", "data-testid": "generation-kb", "data-length": "0" }, "0 KB written");
  const percent = el("span", { class: "gen-percent" }, "0%");
  const actions = el("div", { class: "card-actions" });
  const card = el("article", { class: "card generation-card", "data-testid": "generation-card", "data-report-id": item.id, "data-state": "writing", "aria-label": `Writing ${item.title}` },
    el("header", { class: "card-head" },
      el("span", { class: "card-kicker" }, "Report"),
      el("h3", { class: "card-title" }, item.title)),
    progress,
    el("div", { class: "gen-figures" }, size, percent),
    status,
    actions);
  let text = new ReportText();
  let follower = null;
  let version = null; // the version this card shows, once known
  let revising = null;

  const show = (length, value) => {
    size.textContent = `${kb(length)} written`;
    size.dataset.length = String(length);
    percent.textContent = `${value}%`;
    progress.setAttribute("aria-valuenow", String(value));
    progress.style.setProperty("--progress", `${value}%`);
  };

  const viewLive = () => el("a", { class: "button live", href, target: "_blank", rel: "noopener", "data-testid": "view-live" },
    el("span", { class: "live-dot", "aria-hidden": "true" }), "View live");

  const stopButton = () => {
    const button = el("button", { type: "button", class: "button", "data-testid": "stop-generation" }, "Stop");
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.textContent = "Stopping…";
      const response = await post(`/api/reports/${encodeURIComponent(item.id)}/cancel`);
      if (!response.ok) {
        status.textContent = (await problemOf(response)).message;
        button.disabled = false;
      }
    });
    return button;
  };

  const writing = () => {
    card.dataset.state = "writing";
    status.textContent = text.length > 0 ? "Writing…" : "Waiting for the writer…";
    clear(actions).append(viewLive(), stopButton());
  };

  const closeRevise = () => {
    revising?.element.remove();
    revising = null;
  };

  const reviseButton = () => {
    const button = el("button", { type: "button", class: "button", "data-testid": "revise-from-chat", "aria-expanded": "false" }, "Revise");
    button.addEventListener("click", () => {
      if (revising) return;
      button.setAttribute("aria-expanded", "true");
      revising = reviseForm(item.id, {
        onStarted: (started) => {
          closeRevise();
          followVersion(started);
        },
        onCancel: () => {
          closeRevise();
          button.setAttribute("aria-expanded", "false");
          button.focus();
        },
      });
      actions.after(revising.element);
      revising.focus();
    });
    return button;
  };

  const done = async (length) => {
    card.dataset.state = "done";
    show(length, 100);
    status.textContent = "Done. The report is saved at its permanent link.";
    reportFinished(item.id, item.title);
    clear(actions).append(
      el("a", { class: "button primary", href, target: "_blank", rel: "noopener", "data-testid": "open-report" }, "Open report"));
    try {
      const entry = await entryOf(item.id);
      if (!entry) return;
      version = entry.version ?? version;
      announce("blazar-report-generated", entry);
      if (card.dataset.state === "done" && !actions.querySelector("[data-testid=revise-from-chat]") && (await mayChange(entry)))
        actions.append(reviseButton());
    } catch {
      // The hub hears about it from its own feed as well.
    }
  };

  const stopped = (message) => {
    const gone = message.status === "gone" || !message.status;
    card.dataset.state = gone ? "gone" : "stopped";
    status.textContent = message.message || "The report stopped.";
    clear(actions);
    if (gone) return;
    const again = el("button", { type: "button", class: "button primary", "data-testid": "continue-generation" }, "Continue");
    again.addEventListener("click", async () => {
      again.disabled = true;
      const response = await post(`/api/reports/${encodeURIComponent(item.id)}/continue`);
      if (!response.ok) {
        status.textContent = (await problemOf(response)).message;
        again.disabled = false;
        return;
      }
      follow(false);
    });
    actions.append(again, el("a", { class: "button", href, target: "_blank", rel: "noopener" }, "See what was written"));
  };

  const follow = (own) => {
    follower?.close();
    closeRevise();
    writing();
    follower = followReport(item.id, {
      onText(_, state) {
        if (card.dataset.state === "writing" && status.textContent !== "Writing…") status.textContent = "Writing…";
        show(state.length, state.progress);
      },
      onProgress(state) {
        show(state.length, state.progress);
      },
      onReset(state) {
        show(state.length, state.progress);
      },
      onDone(message, state) {
        done(Math.max(state.length, message.length || 0));
      },
      onError(message) {
        stopped(message);
      },
    }, { ownSource: own, state: text });
  };

  // A new version (a revision, from here or anywhere else) is written from its first word: nothing of the last one counts.
  const followVersion = (next) => {
    if (next <= version) return; // already followed
    version = next ?? version;
    text = new ReportText();
    show(0, 0);
    follow(false);
  };

  // A card restored after a reload looks the report up first: it may have finished meanwhile.
  const resume = async () => {
    try {
      const entry = await entryOf(item.id);
      if (!entry) {
        stopped({ status: "gone", message: "This report was deleted." });
        return;
      }
      version = entry.version ?? null;
      show(entry.length, entry.progress);
      if (entry.status === "done") done(entry.length);
      else if (entry.status === "cancelled" || entry.status === "failed") stopped({ status: entry.status, message: entry.error });
      else follow(false);
    } catch {
      follow(false);
    }
  };

  // The report may be stopped, continued or deleted anywhere (the hub, its page, another device): the card
  // follows what the hub hears, so it never offers a Continue that cannot work.
  const onHubChange = ({ detail: message }) => {
    if (message.type === "removed" && message.id === item.id) {
      follower?.close();
      stopped({ status: "gone", message: "This report was deleted." });
      return;
    }
    if (message.type !== "report" || message.entry.id !== item.id) return;
    const { status: now, length, error } = message.entry;
    const state = card.dataset.state;
    const active = now === "queued" || now === "generating";
    if (active && state === "done") followVersion(message.entry.version);
    else if (active && state === "stopped") {
      // Continued, the same version goes on; revised after the stop, a new one starts from nothing.
      if (message.entry.version > version) followVersion(message.entry.version);
      else follow(false);
    }
    else if (now === "done" && state !== "done") {
      follower?.close();
      done(length);
    } else if ((now === "cancelled" || now === "failed") && state === "writing") {
      follower?.close();
      stopped({ status: now, message: error });
    }
  };
  window.addEventListener(HUB_CHANGE, onHubChange);

  if (ownSource) follow(true);
  else resume();

  return {
    element: card,
    feed: (message) => follower?.feed(message),
    sourceEnded: () => follower?.sourceEnded(),
    close: () => {
      window.removeEventListener(HUB_CHANGE, onHubChange);
      follower?.close();
    },
  };
}
