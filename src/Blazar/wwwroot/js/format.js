// How numbers, sizes, dates and durations read on every page.
export function kb(length) {
  const value = (length || 0) / 1024;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} KB`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function date(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : dateFormat.format(d);
}

export function duration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function tokens(count) {
  return count >= 1000 ? `${(count / 1000).toFixed(1)}k` : String(count);
}

export const statusLabel = {
  queued: "Queued",
  generating: "Writing",
  done: "Done",
  failed: "Failed",
  cancelled: "Stopped",
};

// Estimates the time left from the writing rate over the last few seconds and the progress so far.
export class RateMeter {
  constructor(windowMs = 5000) {
    this.windowMs = windowMs;
    this.samples = [];
  }

  add(length, now = performance.now()) {
    this.samples.push({ length, now });
    while (this.samples.length > 2 && now - this.samples[0].now > this.windowMs) this.samples.shift();
  }

  // Characters per second, or 0 while there is too little to tell.
  rate() {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.now - first.now) / 1000;
    return seconds >= 0.5 ? (last.length - first.length) / seconds : 0;
  }

  // Seconds left, when the rate and the progress allow a guess.
  eta(length, progress) {
    const rate = this.rate();
    if (rate <= 0 || !(progress >= 5) || progress >= 100) return NaN;
    const total = (length * 100) / progress;
    return Math.max(0, (total - length) / rate);
  }
}
