// The naive live viewer the benchmark compares against: it keeps the whole text and re-sets the
// frame's srcdoc on every chunk, so the browser parses and lays out the whole report again each time.
const id = new URLSearchParams(location.search).get("id");
const frame = document.querySelector("[data-testid=viewer-frame]");
const kb = document.querySelector("[data-testid=viewer-kb]");
let text = "";
const source = new EventSource(`/api/reports/${encodeURIComponent(id)}/events`);
source.addEventListener("chunk", (event) => {
  const chunk = JSON.parse(event.data);
  const end = chunk.offset + chunk.delta.length;
  if (end <= text.length) return;
  text += chunk.delta.slice(text.length - chunk.offset);
  kb.textContent = `${Math.round(text.length / 1024)} KB`;
  frame.srcdoc = text;
});
source.addEventListener("done", () => {
  source.close();
  document.body.dataset.state = "done";
});
