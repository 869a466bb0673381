// Manifest changes for every hub tab over one connection: the tab holding the "blazar-hub-events" Web Lock
// keeps the EventSource on /api/hub/events and relays its events over BroadcastChannel("blazar-hub"); when
// that tab closes, another takes the lock and the connection. onResync is called whenever this tab starts
// leading, since events may have been missed between two leaders. Every change is also dispatched on this
// window as a "blazar-hub-change" event, so the chat's generation cards follow their reports wherever they change.
const CHANNEL = "blazar-hub";
export const HUB_CHANGE = "blazar-hub-change";

export function listenHub({ onReport, onRemoved, onResync, onConnection }) {
  const channel = new BroadcastChannel(CHANNEL);
  const deliver = (message) => {
    if (message?.type === "report" && message.entry) onReport(message.entry);
    else if (message?.type === "removed" && message.id) onRemoved(message.id);
    else return;
    window.dispatchEvent(new CustomEvent(HUB_CHANGE, { detail: message }));
  };
  channel.onmessage = (event) => deliver(event.data);

  const connect = () =>
    new Promise(() => {
      const source = new EventSource("/api/hub/events");
      let opened = false;
      const relay = (message) => {
        deliver(message);
        channel.postMessage(message);
      };
      source.addEventListener("open", () => {
        onConnection?.("live");
        if (opened) onResync?.(); // a reconnect may have missed changes
        opened = true;
      });
      source.addEventListener("error", () => onConnection?.("reconnecting"));
      source.addEventListener("report", (event) => relay({ type: "report", entry: JSON.parse(event.data) }));
      source.addEventListener("removed", (event) => relay({ type: "removed", id: JSON.parse(event.data).id }));
      onResync?.();
      // Never resolves: the lock is held until the tab closes.
    });

  if (navigator.locks) navigator.locks.request("blazar-hub-events", connect).catch(() => {});
  else connect();
}
