// Printing the whole report. The report's own frame cannot do it: Chromium prints a frame as one box cut at the
// first page, and the stored report is an opaque origin this page cannot ask to print. So Print writes the stored
// document into a hidden frame of its own (the live frame's empty document: same origin, the report policy, no
// scripts) and prints that frame, which paginates like any document. Its one extra flag, allow-modals, lets this
// page open the print dialog for it; with no script in the frame nothing else can use it.
const PRINT_SANDBOX = "allow-same-origin allow-modals";
const write = Document.prototype.write;
const open = Document.prototype.open;
const close = Document.prototype.close;
// The report's elements are named properties of its window, found before EventTarget.prototype: an element with
// the id "addEventListener" would shadow the method, so it is called through the prototype.
const listen = EventTarget.prototype.addEventListener;

export async function printReport(reportPath, version) {
  const query = version ? `?v=${version}` : "";
  const response = await fetch(`${reportPath}/raw${query}`, { cache: "no-store" });
  if (!response.ok) throw new Error("The report could not be loaded for printing.");
  const html = await response.text();
  document.getElementById("print-frame")?.remove();
  const frame = document.createElement("iframe");
  frame.id = "print-frame";
  frame.className = "print-frame";
  frame.title = "The report, prepared for printing";
  frame.tabIndex = -1;
  frame.setAttribute("aria-hidden", "true");
  frame.setAttribute("sandbox", PRINT_SANDBOX);
  frame.dataset.testid = "print-frame";
  await new Promise((resolve) => {
    frame.addEventListener("load", resolve, { once: true });
    frame.src = `${reportPath}/live`;
    document.body.append(frame);
  });
  const doc = frame.contentDocument;
  open.call(doc);
  write.call(doc, html);
  close.call(doc);
  const target = frame.contentWindow;
  listen.call(target, "beforeprint", () => (frame.dataset.state = "printing"));
  listen.call(target, "afterprint", () => (frame.dataset.state = "printed"));
  target.print();
}
