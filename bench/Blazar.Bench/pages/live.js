// A copy of the live viewer's approach, for when the real one is not in this build: one document in a
// sandboxed (allow-same-origin, no scripts) frame, opened once and written to with document.write,
// writes batched per animation frame, scrolled to follow the writing.
const id = new URLSearchParams(location.search).get("id");
const frame = document.querySelector("[data-testid=viewer-frame]");
const kb = document.querySelector("[data-testid=viewer-kb]");
let length = 0;
let pending = "";
let scheduled = 0;
let opened = false;

function flush() {
  cancelAnimationFrame(scheduled);
  scheduled = 0;
  if (!pending) return;
  const doc = frame.contentDocument;
  if (!opened) {
    doc.open();
    opened = true;
  }
  doc.write(pending);
  pending = "";
  const root = doc.scrollingElement || doc.documentElement;
  if (root) root.scrollTop = root.scrollHeight;
}

const source = new EventSource(`/api/reports/${encodeURIComponent(id)}/events`);
source.addEventListener("chunk", (event) => {
  const chunk = JSON.parse(event.data);
  const end = chunk.offset + chunk.delta.length;
  if (end <= length) return;
  pending += chunk.delta.slice(length - chunk.offset);
  length = end;
  kb.textContent = `${Math.round(length / 1024)} KB`;
  if (!scheduled) scheduled = requestAnimationFrame(flush);
});
source.addEventListener("done", () => {
  source.close();
  flush();
  frame.contentDocument.close();
  document.body.dataset.state = "done";
});
