// "Notify me when done" in the report page's bar while a report is written: asks for permission (once, because
// the person pressed it) and marks this tab to tell them when the report finishes while they look elsewhere.
import { notificationsSupported, mayAsk, askToNotify, notifyWhenDone, notifies } from "./notify.js";

const button = () => document.getElementById("notify-button");

export function startNotifyButton(id) {
  const notify = button();
  const granted = notificationsSupported() && Notification.permission === "granted";
  notify.hidden = notifies(id) || !(granted || mayAsk());
  notify.onclick = async () => {
    notify.disabled = true;
    const allowed = await askToNotify();
    notify.disabled = false;
    if (!allowed) {
      notify.hidden = true;
      document.getElementById("viewer-status").textContent = "Notifications are off for Blazar in this browser.";
      return;
    }
    notifyWhenDone(id);
    notify.hidden = true;
    document.getElementById("viewer-status").textContent = "You will be notified when the report is finished.";
  };
}

export function hideNotifyButton() {
  button().hidden = true;
}
