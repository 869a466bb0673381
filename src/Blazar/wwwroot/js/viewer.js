// The report page at /r/{id}. While the report is written it follows it from whichever source delivers first
// (another tab over the BroadcastChannel, or this tab's own EventSource) and writes it into the sealed live
// frame; at done that frame is the finished report, where the reader left it (no reload). A report already
// finished is shown from /r/{id}/raw in a frame with the stored report's sandbox; ?v=N shows version N. When a new
// version is started (here with Revise, or anywhere else: the hub's feed says so), the page follows it live.
import { followReport, ReportText } from "./channel.js";
import { FrameWriter } from "./frame-writer.js";
import { el, clear } from "./dom.js";
import { kb, duration, RateMeter, tokens } from "./format.js";
import { post, problemOf } from "./sse.js";
import { startShare } from "./share.js";
import { signedIn } from "./account-api.js";
import { listenHub } from "./hub-feed.js";
import { startDownloads, hideDownloads } from "./downloads.js";
import { startRevise } from "./revise.js";
import { startVersions, showDiff } from "./versions.js";
import { startNotifyButton, hideNotifyButton } from "./viewer-notify.js";
import { notifyWhenDone, reportFinished, notificationsSupported } from "./notify.js";

// The stored report's sandbox, set on its frame as well, so it holds whatever the response says.
const STORED_SANDBOX = "allow-popups allow-popups-to-escape-sandbox";
const id = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const $ = (selector) => document.querySelector(selector);
const bar = $("[data-testid=viewer-bar]");
const kbLabel = $("[data-testid=viewer-kb]");
const progressBar = $("[data-testid=viewer-progress]");
const percent = $("#viewer-percent");
const eta = $("#viewer-eta");
const status = $("#viewer-status");
const waiting = $("#viewer-waiting");
const waitingText = $("#viewer-waiting-text");
const notice = $("#viewer-notice");
const noticeTitle = $("#viewer-notice-title");
const noticeText = $("#viewer-notice-text");
const noticeActions = $("#viewer-notice-actions");
const usage = $("#viewer-usage");
const stateLabel = $("#viewer-state");
let frame = $("[data-testid=viewer-frame]");
const reportPath = `/r/${encodeURIComponent(id)}`;
// The version asked for in the address (?v=N), or null for the current one.
let requested = Number.parseInt(new URLSearchParams(location.search).get("v") || "", 10) || null;
let writer = null;
let meter = new RateMeter();
let text = new ReportText();
let announced = -1;
let follower = null;
let title = "";
// Who may change it, which version is on screen (null before the API tells of versions), and whether it is the current one.
let canChange = false;
let shownVersion = null;
let versionAware = false;

const STATE_LABELS = { waiting: "Waiting", live: "Writing", done: "Finished", cancelled: "Stopped", failed: "Failed" };

function setState(state) {
  bar.dataset.state = state;
  document.body.dataset.state = state;
  const version = versionAware && shownVersion ? ` · version ${shownVersion}` : "";
  stateLabel.textContent = `${STATE_LABELS[state] || ""}${version}`;
  stateLabel.dataset.state = state;
}

// The bar follows the text once per animation frame, not once per chunk (a hidden tab: once a second).
let nextProgress = null;
let progressScheduled = 0;

function showProgressSoon(length, progress) {
  nextProgress = { length, progress };
  if (progressScheduled) return;
  const paint = () => {
    progressScheduled = 0;
    if (nextProgress) showProgress(nextProgress.length, nextProgress.progress);
  };
  progressScheduled = document.visibilityState === "hidden" ? setTimeout(paint, 1000) : requestAnimationFrame(paint);
}

function showProgress(length, progress) {
  nextProgress = null; // shown now: a pending paint has nothing older to show
  kbLabel.textContent = kb(length);
  kbLabel.dataset.length = String(length);
  progressBar.setAttribute("aria-valuenow", String(progress));
  progressBar.style.setProperty("--progress", `${progress}%`);
  percent.textContent = `${progress}%`;
  meter.add(length);
  const seconds = meter.eta(length, progress);
  eta.textContent = Number.isFinite(seconds) ? `about ${duration(seconds)} left` : "";
  // Screen readers hear every tenth percent, not every chunk.
  const step = Math.floor(progress / 10);
  if (step !== announced) {
    announced = step;
    status.textContent = `${progress}% written`;
  }
}

// Who is writing it and what it has cost so far: "offline" or the model, with its tokens.
async function showUsage(entry) {
  if (!entry) {
    const response = await fetch(entryUrl(), { cache: "no-store" }).catch(() => null);
    entry = response?.ok ? await response.json() : null;
  }
  if (!entry?.usage) return;
  const { model, inputTokens, outputTokens } = entry.usage;
  usage.textContent = `${model} · ${tokens(inputTokens)} in · ${tokens(outputTokens)} out`;
  usage.title = `Written by ${model}: ${inputTokens} input and ${outputTokens} output tokens`;
  usage.hidden = false;
}

function showNotice(message, actions = [], heading = "") {
  noticeTitle.textContent = heading;
  noticeTitle.hidden = !heading;
  noticeText.textContent = message;
  clear(noticeActions).append(...actions);
  notice.hidden = false;
}

// The report is on screen: the waiting state gives way to it.
function visible() {
  if (waiting.isConnected) waiting.remove();
  if (bar.dataset.state === "waiting") setState("live");
}

const entryUrl = () => `/api/reports/${encodeURIComponent(id)}${requested ? `?v=${requested}` : ""}`;

function follow() {
  writer ??= new FrameWriter(frame, `${reportPath}/live`, visible);
  notice.hidden = true;
  hideDownloads();
  setState(writer.visible ? "live" : "waiting");
  startNotifyButton(id);
  follower = followReport(id, {
    onText(fresh, state) {
      // Until the document shows something (its styles come first), the waiting state stays, with the KB moving.
      if (!writer.visible) waitingText.textContent = "Writing… the first words are on their way.";
      writer.write(fresh);
      showProgressSoon(state.length, state.progress);
    },
    onReset(state) {
      writer.rewrite(state.text);
      showProgress(state.length, state.progress);
    },
    onProgress(state) {
      showProgressSoon(state.length, state.progress);
    },
    onDone(message, state) {
      writer.finish();
      if (waiting.isConnected) waiting.remove();
      showProgress(Math.max(state.length, message.length || 0), 100);
      eta.textContent = "";
      finished();
      showUsage();
    },
    onError(message, state) {
      // Flushed but left open: after Continue the text goes on in the same document.
      writer.flush();
      eta.textContent = "";
      // Whatever was written, the reason and Continue must be in view, never under the waiting state.
      if (waiting.isConnected) waiting.remove();
      stopped(message);
      showUsage();
    },
    onConnection(connection) {
      bar.dataset.connection = connection;
    },
  }, { state: text });
}

function finished() {
  setState("done");
  frame.title = "The report";
  status.textContent = "Finished.";
  document.title = `${title} · Blazar`;
  hideNotifyButton();
  reportFinished(id, title);
  startDownloads({ reportPath, version: requested });
}

// A new version is being written (a revision, here or elsewhere): the frame starts afresh and follows it live.
function followNewVersion(version) {
  follower?.close();
  follower = null;
  if (requested) {
    requested = null;
    history.replaceState(null, "", reportPath);
    $("#viewer-version-note").hidden = true;
  }
  shownVersion = version;
  text = new ReportText();
  meter = new RateMeter();
  announced = -1;
  const fresh = frame.cloneNode(false);
  fresh.setAttribute("sandbox", "");
  fresh.removeAttribute("src");
  fresh.title = "The report, as it is being written";
  frame.replaceWith(fresh);
  frame = fresh;
  waitingText.textContent = `Writing version ${version}…`;
  frame.before(waiting);
  writer = null;
  showProgress(0, 0);
  follow();
}

// Revise and Versions, once the API tells of versions; a revision started anywhere else is followed from the hub's feed.
function startVersionActions(entry, person) {
  if (!versionAware) return;
  const current = entry.versions || entry.version;
  startVersions({
    id, reportPath, canChange, shownVersion,
    onRestored: () => location.assign(reportPath),
    onDiff: showDiff,
  });
  if (canChange && !requested) startRevise({ id, reportPath, onStarted: followNewVersion });
  if (requested && requested !== current) {
    const note = $("#viewer-version-note");
    clear(note).append(`You are reading version ${requested} of ${current}. `, el("a", { href: reportPath }, "Read the current version"));
    note.hidden = false;
  }
  if (!person) return;
  listenHub({
    onReport(changed) {
      const writing = changed.status === "queued" || changed.status === "generating";
      const settled = ["done", "cancelled", "failed"].includes(bar.dataset.state);
      if (changed.id === id && !requested && writing && settled && changed.version > (shownVersion || 0)) followNewVersion(changed.version);
    },
    onRemoved() {},
    onResync() {},
  });
}

// The finished report, as stored: an opaque origin this page cannot touch, with no script and no way out but a link.
function showStored(entry) {
  frame.setAttribute("sandbox", STORED_SANDBOX);
  frame.setAttribute("src", `${reportPath}/raw${requested ? `?v=${requested}` : ""}`);
  if (waiting.isConnected) waiting.remove();
  showProgress(entry.length || 0, 100);
  eta.textContent = "";
  finished();
  showUsage(entry);
}

function stopped(message) {
  hideNotifyButton();
  const cancelled = message.status === "cancelled";
  setState(cancelled ? "cancelled" : "failed");
  const said = message.message || "The report stopped before it was finished.";
  const reason = /[.!?]$/.test(said) ? said : `${said}.`;
  // A report deleted while it was watched ends without a status: there is nothing to continue.
  if (message.status === "gone" || !message.status) {
    status.textContent = `Deleted. ${reason}`;
    showNotice(reason, [el("a", { class: "button", href: "/" }, "All reports")], "Deleted.");
    return;
  }
  const heading = cancelled ? "Stopped." : "Failed.";
  status.textContent = `${heading} ${reason}`;
  const button = el("button", { type: "button", class: "button primary", "data-testid": "viewer-continue" }, "Continue");
  button.addEventListener("click", async () => {
    button.disabled = true;
    const response = await post(`/api/reports/${encodeURIComponent(id)}/continue`);
    if (response.ok) {
      follower?.close();
      follow();
    } else {
      button.disabled = false;
      showNotice(`${reason} — ${(await problemOf(response)).message}`, [button], heading);
    }
  });
  const written = text.length > 0 ? ` What was written so far (${kb(text.length)}) is below.` : " Nothing was written yet.";
  showNotice(`${reason}${written}`, [button], heading);
}

async function start() {
  let response;
  try {
    response = await fetch(entryUrl(), { cache: "no-store" });
  } catch {
    waiting.remove();
    showNotice("Blazar cannot be reached right now.", [el("button", { type: "button", class: "button primary", onclick: () => location.reload() }, "Try again")]);
    return;
  }
  if (response.status === 404) {
    setState("failed");
    document.title = "Report not found · Blazar";
    $("#viewer-title").textContent = "There is no report here";
    waiting.remove();
    if (requested) {
      $("#viewer-title").textContent = `There is no version ${requested} here`;
      showNotice("This report has no such version.", [el("a", { class: "button", href: reportPath }, "Read the current version")]);
      return;
    }
    showNotice("The link may be mistyped, or the report was deleted.", [el("a", { class: "button", href: "/" }, "All reports")]);
    return;
  }
  if (!response.ok) {
    showNotice("The report could not be loaded. Reload the page to try again.");
    return;
  }
  const entry = await response.json();
  startShare(entry);
  const person = await signedIn();
  canChange = !!person && (person.role === "admin" || person.id === entry.owner?.id);
  versionAware = typeof entry.version === "number";
  shownVersion = versionAware ? (requested || entry.version) : null;
  // The person who started it hears when it is done, if they allowed notifications before.
  if (person && person.id === entry.owner?.id && notificationsSupported() && Notification.permission === "granted") notifyWhenDone(id);
  startVersionActions(entry, person);
  title = entry.title;
  $("#viewer-title").textContent = entry.title;
  document.title = `${entry.title} · writing… · Blazar`;
  if (entry.status === "done") {
    showStored(entry);
    return;
  }
  if (requested && requested !== (entry.versions || entry.version)) {
    // An older version that never finished: there is nothing stored to show, and nothing more will come.
    waiting.remove();
    setState(entry.status === "cancelled" ? "cancelled" : "failed");
    showNotice(`Version ${requested} stopped before it was finished.`, [el("a", { class: "button", href: reportPath }, "Read the current version")]);
    return;
  }
  showProgress(entry.length || 0, entry.progress || 0);
  showUsage(entry);
  if (entry.status === "queued") waitingText.textContent = "Queued: the writer starts on it shortly…";
  follow();
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") writer?.flush();
});
start();
