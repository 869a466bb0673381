// The report page at /r/{id}. While the report is written it follows it from whichever source delivers first
// (another tab over the BroadcastChannel, or this tab's own EventSource) and writes it into the sealed live
// frame; at done that frame is the finished report, where the reader left it (no reload). A report already
// finished is shown from /r/{id}/raw in a frame with the stored report's sandbox.
import { followReport, ReportText } from "./channel.js";
import { FrameWriter } from "./frame-writer.js";
import { el, clear } from "./dom.js";
import { kb, duration, RateMeter, tokens } from "./format.js";
import { post, problemOf } from "./sse.js";
import { startShare } from "./share.js";

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
const notice = $("#viewer-notice");
const noticeTitle = $("#viewer-notice-title");
const noticeText = $("#viewer-notice-text");
const noticeActions = $("#viewer-notice-actions");
const usage = $("#viewer-usage");
const frame = $("[data-testid=viewer-frame]");
const reportPath = `/r/${encodeURIComponent(id)}`;
let writer = null;
const meter = new RateMeter();
const text = new ReportText();
let announced = -1;
let follower = null;
let title = "";

function setState(state) {
  bar.dataset.state = state;
  document.body.dataset.state = state;
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
    const response = await fetch(`/api/reports/${encodeURIComponent(id)}`, { cache: "no-store" }).catch(() => null);
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

function follow() {
  writer ??= new FrameWriter(frame, `${reportPath}/live`, visible);
  notice.hidden = true;
  setState(writer.visible ? "live" : "waiting");
  follower = followReport(id, {
    onText(fresh, state) {
      // Until the document shows something (its styles come first), the waiting state stays, with the KB moving.
      if (!writer.visible) $("#viewer-waiting-text").textContent = "Writing… the first words are on their way.";
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
}

// The finished report, as stored: an opaque origin this page cannot touch, with no script and no way out but a link.
function showStored(entry) {
  frame.setAttribute("sandbox", STORED_SANDBOX);
  frame.setAttribute("src", `${reportPath}/raw`);
  if (waiting.isConnected) waiting.remove();
  showProgress(entry.length || 0, 100);
  eta.textContent = "";
  finished();
  showUsage(entry);
}

function stopped(message) {
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
    response = await fetch(`/api/reports/${encodeURIComponent(id)}`, { cache: "no-store" });
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
    showNotice("The link may be mistyped, or the report was deleted.", [el("a", { class: "button", href: "/" }, "All reports")]);
    return;
  }
  if (!response.ok) {
    showNotice("The report could not be loaded. Reload the page to try again.");
    return;
  }
  const entry = await response.json();
  startShare(entry);
  title = entry.title;
  $("#viewer-title").textContent = entry.title;
  document.title = `${entry.title} · writing… · Blazar`;
  if (entry.status === "done") {
    showStored(entry);
    return;
  }
  showProgress(entry.length || 0, entry.progress || 0);
  showUsage(entry);
  if (entry.status === "queued") $("#viewer-waiting-text").textContent = "Queued: the writer starts on it shortly…";
  follow();
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") writer?.flush();
});
start();
