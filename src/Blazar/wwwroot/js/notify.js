// Done, noticed: a system notification when a report someone started finishes while its tab is in the background.
// Permission is asked for only from something the person did (confirming a report, "Notify me", a revision), once:
// after they answer, or dismiss the question, Blazar never asks again.
const ASKED = "blazar-notifications-asked";
const wanted = new Set();

export const notificationsSupported = () => typeof window.Notification === "function";

// Whether asking still makes sense: supported, not refused, and not asked before.
export function mayAsk() {
  if (!notificationsSupported() || Notification.permission !== "default") return false;
  try {
    return localStorage.getItem(ASKED) === null;
  } catch {
    return true;
  }
}

// Call from a click or a key press: the browser only asks in answer to one.
export async function askToNotify() {
  if (!mayAsk()) return notificationsSupported() && Notification.permission === "granted";
  try {
    localStorage.setItem(ASKED, new Date().toISOString());
  } catch {
    // Storage off: the browser's own answer still stops a second question once given.
  }
  try {
    return (await Notification.requestPermission()) === "granted";
  } catch {
    return false;
  }
}

// This tab tells the person when report `id` finishes.
export function notifyWhenDone(id) {
  wanted.add(id);
}

export const notifies = (id) => wanted.has(id);

// Tells of a finished report if this tab was asked to and is not what the person is looking at. Every tab that
// shows the report may call this: the shared tag makes the notifications of several tabs one.
export function reportFinished(id, title) {
  if (!wanted.has(id)) return false;
  wanted.delete(id);
  if (!notificationsSupported() || Notification.permission !== "granted" || document.visibilityState !== "hidden") return false;
  const path = `/r/${encodeURIComponent(id)}`;
  try {
    const notice = new Notification(title ? `“${title}” is ready` : "Your report is ready", {
      body: "Blazar finished writing it.",
      tag: `blazar-report-${id}`,
      icon: "/favicon.svg",
    });
    notice.addEventListener("click", () => {
      window.focus();
      if (location.pathname !== path) window.open(path, "_blank", "noopener");
      notice.close();
    });
    return true;
  } catch {
    return false; // some browsers allow notifications only from a service worker
  }
}
