const FOLLOW_SLACK_PX = 160;

// Writes a report into the live frame as it arrives: one document, opened once and written to,
// so nothing flickers or jumps. Writes are batched per animation frame (a hidden tab, which runs no
// animation frames, catches up in one write when it is shown). The scroll follows the writing unless
// the reader scrolled up; scrolling back to the bottom follows again.
export class FrameWriter {
  constructor(frame) {
    this.frame = frame;
    this.pending = "";
    this.opened = false;
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
    if (!this.opened) {
      doc.open();
      this.opened = true;
    }
    // Our own scrolling always ends at the bottom, so a reader who is not near it has scrolled up.
    // (The frame runs no scripts, not even our listeners, so its position is the only signal.)
    const follow = this.distanceFromEnd(doc) < FOLLOW_SLACK_PX;
    doc.write(this.pending);
    this.written += this.pending.length;
    this.pending = "";
    if (follow) this.toBottom();
  }

  // Closes the document: the parser finishes what is open, nothing more will be written.
  finish() {
    this.flush();
    if (this.opened) this.frame.contentDocument?.close();
  }

  distanceFromEnd(doc) {
    const root = doc.scrollingElement || doc.documentElement;
    return root ? root.scrollHeight - root.scrollTop - root.clientHeight : 0;
  }

  toBottom() {
    const doc = this.frame.contentDocument;
    const root = doc?.scrollingElement || doc?.documentElement;
    if (root) root.scrollTop = root.scrollHeight;
  }
}
