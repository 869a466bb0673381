const FOLLOW_SLACK_PX = 160;
// At most this often the document is written to: each write makes the frame parse and lay out its document anew
// (and read its scroll height), which costs about as much for four chunks as for forty. The first write is at once.
const MIN_WRITE_INTERVAL_MS = 100;

// The live frame: same origin, so this page can write into it, and no scripts. Popups let a clicked link open
// its new tab (links carry target=_blank rel=noreferrer), unsandboxed so the site it shows works.
export const LIVE_SANDBOX = "allow-same-origin allow-popups allow-popups-to-escape-sandbox";

// The report's markup may name elements "write", "open", "body"…, and a named element shadows the document's
// own property of that name. So the document is only ever used through Document.prototype.
const documentMethod = (name) => Document.prototype[name];
const documentGetter = (name) => Object.getOwnPropertyDescriptor(Document.prototype, name).get;
const open = documentMethod("open");
const write = documentMethod("write");
const close = documentMethod("close");
const urlOf = documentGetter("URL");
const scrollingElementOf = documentGetter("scrollingElement");
const documentElementOf = documentGetter("documentElement");
const bodyOf = documentGetter("body");
const textOf = Object.getOwnPropertyDescriptor(Node.prototype, "textContent").get;
const querySelectorIn = Element.prototype.querySelector;

// Writes a report into the live frame as it arrives: one document, opened once and written to, so nothing
// flickers or jumps. The frame first loads `src`, an empty document served with the report policy, which the
// document keeps through open(); nothing is written before it is there, so the report never lands in a document
// carrying the page's own policy. Writes are batched, at most one per MIN_WRITE_INTERVAL_MS, in an animation frame (a
// hidden tab, which runs no animation frames, catches up in one write when it is shown). The scroll follows the writing unless the reader scrolled
// up; scrolling back to the bottom follows again.
export class FrameWriter {
  // `onVisible` is called once, after the first write that gives the document something to see: until then
  // (a report begins with its styles) the page keeps its waiting state instead of showing a blank frame.
  constructor(frame, src, onVisible = () => {}) {
    this.frame = frame;
    this.onVisible = onVisible;
    this.visible = false;
    this.doc = null;
    this.pending = "";
    this.scheduled = false;
    this.timer = 0;
    this.frameRequest = 0;
    this.written = 0;
    this.finished = false;
    this.lastFlush = -Infinity;
    frame.addEventListener("load", () => this.loaded(src));
    frame.setAttribute("sandbox", LIVE_SANDBOX);
    frame.setAttribute("src", src);
  }

  loaded(src) {
    if (this.doc) return; // closing the written document fires load again
    const doc = this.frame.contentDocument;
    if (!doc || new URL(urlOf.call(doc)).pathname !== src) return;
    this.doc = doc;
    this.flush();
    if (this.finished && this.written > 0) close.call(doc);
  }

  write(text) {
    if (!text) return;
    this.pending += text;
    if (this.scheduled) return;
    this.scheduled = true;
    if (document.visibilityState === "hidden") {
      this.timer = setTimeout(() => this.flush(), 1000);
      return;
    }
    const wait = this.lastFlush + MIN_WRITE_INTERVAL_MS - performance.now();
    const inNextFrame = () => {
      this.frameRequest = requestAnimationFrame(() => this.flush());
    };
    if (wait > 0) this.timer = setTimeout(inNextFrame, wait);
    else inNextFrame();
  }

  flush() {
    cancelAnimationFrame(this.frameRequest);
    clearTimeout(this.timer);
    this.scheduled = false;
    if (!this.pending || !this.doc) return;
    this.lastFlush = performance.now();
    if (this.written === 0) open.call(this.doc);
    // Our own scrolling always ends at the bottom, so a reader who is not near it has scrolled up.
    // (The frame runs no scripts, not even our listeners, so its position is the only signal.)
    const follow = this.distanceFromEnd() < FOLLOW_SLACK_PX;
    write.call(this.doc, this.pending);
    this.written += this.pending.length;
    this.pending = "";
    if (follow) this.toBottom();
    if (!this.visible && this.hasContent()) {
      this.visible = true;
      this.onVisible();
    }
  }

  // Text or an image, chart or table in the body: what a reader would see.
  hasContent() {
    const body = bodyOf.call(this.doc);
    if (!body) return false;
    return textOf.call(body).trim().length > 0 || querySelectorIn.call(body, "img, svg, table, hr") !== null;
  }

  // Writes the document again from `text`: what it showed beyond it was void (a reset). The reader keeps their place.
  rewrite(text) {
    this.pending = "";
    if (!this.doc) {
      this.write(text);
      return;
    }
    const root = this.root();
    const top = root ? root.scrollTop : 0;
    const follow = this.distanceFromEnd() < FOLLOW_SLACK_PX;
    if (this.written > 0) close.call(this.doc);
    this.written = 0;
    this.pending = text;
    this.flush();
    if (!follow && this.root()) this.root().scrollTop = top;
  }

  // Closes the document: the parser finishes what is open, nothing more will be written.
  finish() {
    this.finished = true;
    this.flush();
    if (this.doc && this.written > 0) close.call(this.doc);
  }

  root() {
    return this.doc ? scrollingElementOf.call(this.doc) || documentElementOf.call(this.doc) : null;
  }

  distanceFromEnd() {
    const root = this.root();
    return root ? root.scrollHeight - root.scrollTop - root.clientHeight : 0;
  }

  toBottom() {
    const root = this.root();
    if (root) root.scrollTop = root.scrollHeight;
  }
}
