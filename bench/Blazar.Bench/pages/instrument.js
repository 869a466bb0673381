// Injected before any page script: notes when the first report chunk reaches the page's EventSource,
// then checks every animation frame for the first content in the report frame. A frame's rAF callbacks
// run just before it paints, so the first frame that finds content is the first paint of content.
(() => {
  if (window !== window.top || window.__bench) return;
  const bench = (window.__bench = { firstChunk: 0, firstPaint: 0, chunks: 0 });
  const Native = window.EventSource;
  const frameDocument = () => {
    const frame = document.querySelector("[data-testid=viewer-frame]") || document.querySelector("iframe");
    try {
      return frame && frame.contentDocument;
    } catch {
      return null;
    }
  };
  const watch = () => requestAnimationFrame(function check() {
    const doc = frameDocument();
    if (doc && doc.body && doc.body.textContent.trim().length > 0) bench.firstPaint = performance.now();
    else requestAnimationFrame(check);
  });
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("chunk", () => {
        bench.chunks++;
        if (!bench.firstChunk) {
          bench.firstChunk = performance.now();
          watch();
        }
      });
    }
  };
})();
