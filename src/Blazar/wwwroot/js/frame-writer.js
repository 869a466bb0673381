// Writes a report into the live frame as it arrives: one document, opened once and written to,
// so nothing flickers or jumps. Writes are batched per animation frame (a hidden tab, which runs no
// animation frames, catches up in one write when it is shown). The scroll follows the writing unless
// the reader scrolled up; scrolling back to the bottom follows again.
export class FrameWriter {
  constructor(frame) {
    this.frame = frame;
    this.pending = "";
    this.opened = false;
    this.follow = true;
    this.scheduled = 0;
    this.written = 0;
  }

  write(text) {
    if (!text) return;
    this.pending += text;
    if (this.scheduled) return;
    if (document.visibilityState === "hidden") {
      this.scheduled = setTimeout(() => this.flush(), 1000);
    } else {
      this.scheduled = requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    cancelAnimationFrame(this.scheduled);
    clearTimeout(this.scheduled);
    this.scheduled = 0;
    if (!this.pending) return;
    const doc = this.frame.contentDocument;
    if (!doc) return;
    if (!this.opened) this.open(doc);
    doc.write(this.pending);
    this.written += this.pending.length;
    this.pending = "";
    if (this.follow) this.toBottom();
  }

  // Closes the document: the parser finishes what is open, nothing more will be written.
  finish() {
    this.flush();
    if (this.opened) this.frame.contentDocument?.close();
  }

  open(doc) {
    doc.open();
    this.opened = true;
    // document.open() removes listeners from the frame's window, so they are added after it.
    const win = this.frame.contentWindow;
    const stopFollowing = () => {
      this.follow = false;
    };
    win.addEventListener("wheel", (event) => {
      if (event.deltaY < 0) stopFollowing();
    }, { passive: true });
    win.addEventListener("touchmove", stopFollowing, { passive: true });
    win.addEventListener("keydown", (event) => {
      if (["ArrowUp", "PageUp", "Home"].includes(event.key)) stopFollowing();
    });
    win.addEventListener("scroll", () => {
      const root = doc.scrollingElement || doc.documentElement;
      if (root && root.scrollTop + win.innerHeight >= root.scrollHeight - 48) this.follow = true;
    }, { passive: true });
  }

  toBottom() {
    const doc = this.frame.contentDocument;
    const root = doc?.scrollingElement || doc?.documentElement;
    if (root) root.scrollTop = root.scrollHeight;
  }
}
