// The cross-tab contract for one report (design §2, "Browser events and channels") and how a tab follows it.
//
// Every tab that shows a report joins BroadcastChannel("blazar-report-" + id). Exactly one tab per report
// holds a connection (the chat tab reading POST /api/generate-report, or a viewer holding an EventSource on
// /api/reports/{id}/events); it relays what it receives to the others. Leadership is a Web Lock, so when that
// tab closes another one takes over. A tab that joins late, or finds a gap, asks the leader for what it lacks
// ({type:"sync", have}); everyone merges by offset, so no text is written twice or skipped. This keeps the
// browser far below its six connections per host, however many tabs are open.

export const reportChannelName = (id) => `blazar-report-${id}`;

// The text of one report as it arrives from any source, merged by offset.
export class ReportText {
  constructor() {
    this.text = "";
    this.progress = 0;
  }

  get length() {
    return this.text.length;
  }

  // Drops what lies beyond `length` (it was never saved: design §2, reset); true when anything was dropped.
  truncate(length) {
    if (!(length >= 0) || length >= this.text.length) return false;
    this.text = this.text.slice(0, length);
    return true;
  }

  // Returns the part of the chunk that is new ("" when it was all known), or null when it leaves a gap.
  accept({ delta = "", offset = 0, progress = 0 }) {
    const have = this.text.length;
    if (offset > have) return null;
    if (progress > this.progress) this.progress = progress;
    if (offset + delta.length <= have) return "";
    const fresh = delta.slice(have - offset);
    this.text += fresh;
    return fresh;
  }
}

const locks = typeof navigator !== "undefined" && navigator.locks ? navigator.locks : null;

/**
 * Follows report `id` until it ends. handlers: onText(fresh, state), onReset(state) (text was dropped from the end:
 * show state.text afresh), onProgress(state), onDone(message), onError(message),
 * onConnection(state: "live" | "reconnecting"). With { ownSource: true } the caller feeds
 * the stream itself (the chat's POST response) through the returned feed(message), and this tab leads.
 * Returns { feed, sourceEnded, close, state }.
 */
export function followReport(id, handlers = {}, { ownSource = false, state = new ReportText() } = {}) {
  const channel = new BroadcastChannel(reportChannelName(id));
  let leading = false;
  let ended = false;
  let closed = false;
  let source = null;
  let releaseLock = null;
  let syncAskedAt = 0;

  const broadcast = (message) => {
    try {
      channel.postMessage(message);
    } catch {
      // The channel is closed: this tab is going away.
    }
  };

  // What this tab relays as leader goes out at most every RELAY_INTERVAL_MS, consecutive chunks merged into one
  // (the same message shape, merged by offset like any other): a chunk per message costs a structured clone and a
  // post for every chunk the server sends, open tabs or not.
  const RELAY_INTERVAL_MS = 50;
  let relayed = null;
  let relayTimer = 0;
  const relayNow = () => {
    clearTimeout(relayTimer);
    relayTimer = 0;
    if (relayed) broadcast(relayed);
    relayed = null;
  };
  const relayChunk = (fresh, offset) => {
    if (relayed && relayed.offset + relayed.delta.length === offset) relayed.delta += fresh;
    else {
      relayNow();
      relayed = { type: "chunk", delta: fresh, offset };
    }
    relayed.length = state.length;
    relayed.progress = state.progress;
    if (!relayTimer) relayTimer = setTimeout(relayNow, RELAY_INTERVAL_MS);
  };

  const askForSync = () => {
    const now = Date.now();
    if (now - syncAskedAt < 500) return;
    syncAskedAt = now;
    broadcast({ type: "sync", have: state.length });
  };

  const take = (message, fromOwnSource) => {
    if (closed || ended) return;
    if (message.type === "chunk") {
      const offset = state.length;
      const fresh = state.accept(message);
      if (fresh === null) {
        askForSync();
        return;
      }
      if (fresh && fromOwnSource && leading) relayChunk(fresh, offset);
      if (fresh) handlers.onText?.(fresh, state);
      handlers.onProgress?.(state);
    } else if (message.type === "reset") {
      // Everything after `length` is void; what follows continues from there. Relayed, so every tab drops it too.
      if (fromOwnSource && leading) {
        relayNow();
        broadcast(message);
      }
      if (state.truncate(message.length)) handlers.onReset?.(state);
    } else if (message.type === "done" || message.type === "error") {
      ended = true;
      if (fromOwnSource && leading) {
        relayNow();
        broadcast(message);
      }
      // The stored report is exactly `length` long: nothing beyond it stays.
      if (message.type === "done" && state.truncate(message.length)) handlers.onReset?.(state);
      if (message.type === "done") {
        state.progress = 100;
        handlers.onDone?.(message, state);
      } else {
        handlers.onError?.(message, state);
      }
      stop();
    }
  };

  channel.onmessage = (event) => {
    const message = event.data;
    if (!message || typeof message !== "object") return;
    if (message.type === "sync") {
      if (leading && state.length > (message.have || 0)) {
        const have = Math.max(0, message.have || 0);
        broadcast({ type: "chunk", delta: state.text.slice(have), offset: have, length: state.length, progress: state.progress });
      }
      return;
    }
    if (!leading) take(message, false);
  };

  const openEventSource = () => {
    // From what this tab holds (the server answers with reset if it holds less); reconnects send Last-Event-ID.
    source = new EventSource(`/api/reports/${encodeURIComponent(id)}/events?after=${state.length}`);
    const parse = (type) => (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      take({ type, ...data }, true);
    };
    source.addEventListener("chunk", parse("chunk"));
    source.addEventListener("done", parse("done"));
    source.addEventListener("reset", parse("reset"));
    source.addEventListener("open", () => handlers.onConnection?.("live"));
    source.addEventListener("error", (event) => {
      if (event.data) {
        parse("error")(event);
        return;
      }
      if (ended || closed) return;
      if (source.readyState === EventSource.CLOSED) {
        // The server refused (the report was deleted): there is nothing more to follow.
        take({ type: "error", message: "This report is no longer available (it may have been deleted).", retryable: false, status: "gone" }, true);
      } else {
        handlers.onConnection?.("reconnecting");
      }
    });
  };

  // Becomes the leader when the lock is granted; holds it until the report ends or the tab closes.
  const lead = (withOwnSource) =>
    new Promise((resolve) => {
      if (closed || ended) {
        resolve();
        return;
      }
      leading = true;
      releaseLock = resolve;
      if (!withOwnSource) openEventSource();
    });

  const requestLead = (withOwnSource) => {
    if (!locks) {
      leading = true;
      if (!withOwnSource) openEventSource();
      return;
    }
    locks.request(reportChannelName(id), { mode: "exclusive" }, () => lead(withOwnSource)).catch(() => {});
  };

  function stop() {
    relayNow();
    if (source) {
      source.close();
      source = null;
    }
    leading = false;
    if (releaseLock) {
      releaseLock();
      releaseLock = null;
    }
  }

  // Only an EventSource follower waits for the lock; meanwhile it hears the leader, and asks for what it missed.
  if (ownSource) {
    requestLead(true);
  } else {
    requestLead(false);
    askForSync();
  }
  const onVisible = () => {
    if (document.visibilityState === "visible" && !ended && !leading) askForSync();
  };
  document.addEventListener("visibilitychange", onVisible);

  return {
    state,
    get ended() {
      return ended;
    },
    // The caller's own stream: a message in the channel's shape.
    feed: (message) => take(message, true),
    // The caller's own stream broke before the end: follow like any other tab.
    sourceEnded() {
      if (ended || closed) return;
      stop();
      requestLead(false);
      askForSync();
    },
    close() {
      stop();
      closed = true;
      document.removeEventListener("visibilitychange", onVisible);
      channel.close();
    },
  };
}
