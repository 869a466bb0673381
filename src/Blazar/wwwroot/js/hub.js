// The hub: every report as a node, kept live from /api/hub/events and from the chat's window events.
import { el, clear } from "./dom.js";
import { kb, date, statusLabel, tokens } from "./format.js";
import { post, problemOf } from "./sse.js";
import { listenHub } from "./hub-feed.js";
import { signedIn } from "./account-api.js";

const ACTIVE = new Set(["queued", "generating"]);

export function startHub(list) {
  const nodes = new Map(); // id -> { entry, element, parts }
  let found = null; // while searching: id -> { rank, snippet }; null shows every report
  const empty = document.getElementById("hub-empty");
  const count = document.getElementById("hub-count");
  const connection = document.getElementById("hub-connection");
  const announcer = document.getElementById("hub-announcer");

  // Screen readers hear a report change state, once: not its progress.
  const announceChange = (before, entry) => {
    if (before === entry.status) return;
    const title = entry.title || "Untitled report";
    const said = ACTIVE.has(entry.status) ? (ACTIVE.has(before) ? null : `${title}: being written.`)
      : entry.status === "done" ? `${title}: finished.`
      : entry.status === "failed" ? `${title}: failed.`
      : entry.status === "cancelled" ? `${title}: stopped.` : null;
    if (said) announcer.textContent = said;
  };
  let person = null; // who is signed in: only a report's owner or an admin may stop, continue or delete it
  signedIn().then((p) => {
    person = p;
    for (const node of nodes.values()) if (!node.confirming) renderActions(node);
  });
  const mayChange = (entry) => person !== null && (person.role === "admin" || entry.owner?.id === person.id);

  const refreshChrome = () => {
    empty.hidden = nodes.size > 0;
    const active = [...nodes.values()].filter((n) => ACTIVE.has(n.entry.status)).length;
    count.textContent = nodes.size === 0 ? "" : `${nodes.size} ${nodes.size === 1 ? "report" : "reports"}${active ? ` · ${active} writing` : ""}`;
  };

  // fromLive: a live event, not a list fetched on load (which announces nothing new).
  const upsert = (incoming, fromLive = false) => {
    const known = nodes.get(incoming.id);
    if (known) {
      // "done" is final: a late progress event from another source must not turn it back.
      if (known.entry.status === "done" && ACTIVE.has(incoming.status)) return;
      const entry = { ...known.entry, ...incoming };
      if (ACTIVE.has(incoming.status) && ACTIVE.has(known.entry.status)) {
        entry.progress = Math.max(known.entry.progress || 0, incoming.progress || 0);
        entry.length = Math.max(known.entry.length || 0, incoming.length || 0);
      }
      if (!incoming._generating) delete entry._generating;
      const before = known.entry.status;
      const progressOnly = entry.status === known.entry.status && ACTIVE.has(entry.status);
      known.entry = entry;
      if (progressOnly) {
        showSoon(known);
        return;
      }
      moving.delete(known);
      update(known);
      announceChange(before, entry);
    } else {
      const node = create(incoming);
      nodes.set(incoming.id, node);
      place(node);
      if (fromLive) announceChange(null, incoming);
    }
    refreshChrome();
  };

  // Progress of reports being written is shown a few times a second for all of them at once, not once per event:
  // twenty reports send up to eighty a second, and each shown on its own costs the page a style and layout pass.
  const PROGRESS_INTERVAL_MS = 500;
  const moving = new Set();
  let movingTimer = 0;
  const showSoon = (node) => {
    moving.add(node);
    if (movingTimer) return;
    movingTimer = setTimeout(() => {
      movingTimer = 0;
      for (const waiting of moving) if (nodes.get(waiting.entry.id) === waiting) update(waiting);
      moving.clear();
    }, PROGRESS_INTERVAL_MS);
  };

  const remove = (id) => {
    const node = nodes.get(id);
    if (!node) return;
    nodes.delete(id);
    node.element.remove();
    refreshChrome();
  };

  // Newest first, as the manifest is.
  const place = (node) => {
    const created = Date.parse(node.entry.createdAt) || Date.now();
    const after = [...list.children].find((child) => (Date.parse(nodes.get(child.dataset.reportId)?.entry.createdAt) || 0) < created);
    list.insertBefore(node.element, after || null);
  };

  const create = (entry) => {
    const parts = {
      status: el("span", { class: "status-pill" }),
      time: el("time", { class: "node-date" }),
      link: el("a", { class: "node-link" }),
      summary: el("p", { class: "node-summary" }),
      progress: el("div", { class: "progress", role: "progressbar", "aria-label": "Progress", "aria-valuemin": "0", "aria-valuemax": "100" }, el("span", { class: "progress-fill" })),
      meta: el("p", { class: "node-meta" }),
      error: el("p", { class: "node-error" }),
      snippet: el("p", { class: "node-snippet", "data-testid": "hub-snippet" }),
      actions: el("div", { class: "node-actions" }),
    };
    const element = el("li", { class: "node", "data-testid": "report-node" },
      el("span", { class: "node-accent", "aria-hidden": "true" }),
      el("div", { class: "node-head" }, parts.status, parts.time),
      el("h3", { class: "node-title" }, parts.link),
      parts.summary, parts.snippet, parts.progress, parts.meta, parts.error, parts.actions);
    const node = { entry, element, parts, confirming: false };
    update(node);
    return node;
  };

  const update = (node) => {
    const { entry, element, parts } = node;
    const active = ACTIVE.has(entry.status);
    element.dataset.reportId = entry.id;
    element.dataset.status = entry.status;
    element.classList.toggle("generating", active);
    parts.status.textContent = statusLabel[entry.status] || entry.status;
    parts.status.dataset.status = entry.status;
    parts.time.textContent = date(entry.completedAt || entry.createdAt);
    parts.time.dateTime = entry.completedAt || entry.createdAt || "";
    parts.link.textContent = entry.title || "Untitled report";
    parts.link.href = `/r/${encodeURIComponent(entry.id)}`;
    parts.link.target = "_blank";
    parts.summary.textContent = active
      ? entry.summary ? `Writing: ${entry.summary}` : "Writing…"
      : entry.summary || "";
    parts.summary.hidden = !parts.summary.textContent;
    parts.progress.hidden = !active;
    parts.progress.setAttribute("aria-valuenow", String(entry.progress || 0));
    parts.progress.style.setProperty("--progress", `${entry.progress || 0}%`);
    const starting = active && !(entry.length > 0);
    const meta = starting ? [entry.status === "queued" ? "Waiting for a writer…" : "Starting…"] : [kb(entry.length)];
    if (active && !starting) meta.push(`${entry.progress || 0}%`);
    if (entry.usage) meta.push(`${entry.usage.model}: ${tokens(entry.usage.inputTokens)} tokens in, ${tokens(entry.usage.outputTokens)} out`);
    if (entry.truncated) meta.push("cut short by the length limit");
    parts.meta.textContent = meta.join(" · ");
    parts.error.textContent = entry.status === "failed" || entry.status === "cancelled" ? entry.error || "" : "";
    parts.error.hidden = !parts.error.textContent;
    const hit = found?.get(entry.id);
    element.hidden = found !== null && !hit;
    element.style.order = hit ? String(hit.rank) : "";
    parts.snippet.textContent = hit?.snippet || "";
    parts.snippet.hidden = !parts.snippet.textContent;
    if (!node.confirming) renderActions(node);
    if (parts.visibility && document.activeElement !== parts.visibility) parts.visibility.value = entry.visibility || "private";
  };

  // Search results (ranked entries with snippets), or null for every report again.
  const showOnly = (hits) => {
    found = hits ? new Map(hits.map((hit, rank) => [hit.id, { rank, snippet: hit.snippet }])) : null;
    for (const hit of hits || []) if (!nodes.has(hit.id)) upsert(hit);
    for (const node of nodes.values()) update(node);
  };

  const renderActions = (node) => {
    const { entry, parts } = node;
    const key = entry.status;
    const mine = mayChange(entry);
    if (parts.actions.dataset.for === `${key}:${mine}`) return; // keep focus where it is while progress updates
    // The buttons change with the status: a keyboard user who pressed Stop or Continue stays on this card.
    const hadFocus = node.pressed || parts.actions.contains(document.activeElement);
    node.pressed = false;
    parts.actions.dataset.for = `${key}:${mine}`;
    const url = `/api/reports/${encodeURIComponent(entry.id)}`;
    const buttons = [el("a", { class: "button small", href: `/r/${encodeURIComponent(entry.id)}`, target: "_blank", "data-action": "open" }, ACTIVE.has(key) ? "Watch live" : "Open")];
    if (mine && ACTIVE.has(key))
      buttons.push(action("Stop", "stop", () => post(`${url}/cancel`)));
    if (mine && (key === "cancelled" || key === "failed"))
      buttons.push(action("Continue", "continue", () => post(`${url}/continue`)));
    if (mine) {
      buttons.push(el("button", { type: "button", class: "button small ghost danger", "data-action": "delete", onclick: () => confirmDelete(node) }, "Delete"));
      buttons.push(share(node));
    }
    else if (entry.owner?.displayName)
      buttons.push(el("span", { class: "muted small node-owner" }, `by ${entry.owner.displayName}`));
    clear(parts.actions).append(...buttons);
    if (hadFocus) (parts.actions.querySelector("[data-action=continue], [data-action=stop]") || parts.actions.querySelector("a, button"))?.focus();

    // Who may see it: the owner (or an admin) changes it here as on the report page.
    function share(node) {
      const select = el("select", { class: "node-visibility", "data-testid": "node-visibility", "aria-label": "Who can see this report" },
        el("option", { value: "private" }, "Private"),
        el("option", { value: "team" }, "Team"),
        el("option", { value: "link" }, "Anyone with the link"));
      select.value = node.entry.visibility || "private";
      select.addEventListener("change", async () => {
        const response = await fetch(url, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ visibility: select.value }) });
        if (response.ok) node.entry = { ...node.entry, ...(await response.json()) };
        else {
          parts.error.textContent = (await problemOf(response)).message;
          parts.error.hidden = false;
          select.value = node.entry.visibility || "private";
        }
      });
      node.parts.visibility = select;
      return select;
    }

    function action(label, name, send) {
      const button = el("button", { type: "button", class: "button small", "data-action": name }, label);
      button.addEventListener("click", async () => {
        node.pressed = true; // disabling the button drops its focus: the card gives it back when it changes
        button.disabled = true;
        const response = await send();
        if (!response.ok) {
          parts.error.textContent = (await problemOf(response)).message;
          parts.error.hidden = false;
        }
        button.disabled = false;
        if (node.pressed && button.isConnected) {
          node.pressed = false;
          button.focus();
        }
      });
      return button;
    }
  };

  const confirmDelete = (node) => {
    const { entry, parts } = node;
    node.confirming = true;
    const cancel = () => {
      node.confirming = false;
      delete parts.actions.dataset.for;
      renderActions(node);
      parts.actions.querySelector("[data-action=delete]")?.focus();
    };
    const yes = el("button", { type: "button", class: "button small danger", "data-action": "confirm-delete" }, "Delete for good");
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      const response = await fetch(`/api/reports/${encodeURIComponent(entry.id)}`, { method: "DELETE" });
      if (response.ok || response.status === 404) remove(entry.id);
      else cancel();
    });
    const no = el("button", { type: "button", class: "button small ghost", "data-action": "keep", onclick: cancel }, "Keep");
    delete parts.actions.dataset.for;
    clear(parts.actions).append(el("span", { class: "confirm-text" }, "Delete this report?"), yes, no);
    no.focus();
  };

  // Live events are newer than a list fetched before them: each one stamps its report, and a list
  // only changes the reports no live event has touched since the list was asked for.
  let stamp = 0;
  const touched = new Map(); // id -> stamp of the last live event about it
  const live = (change) => (payload) => {
    touched.set(typeof payload === "string" ? payload : payload.id, ++stamp);
    change(payload, true);
  };

  const load = async () => {
    const asked = stamp;
    const untouched = (id) => (touched.get(id) || 0) <= asked;
    try {
      const response = await fetch("/api/reports", { cache: "no-store" });
      if (!response.ok) return;
      const entries = await response.json();
      const ids = new Set(entries.map((e) => e.id));
      for (const id of [...nodes.keys()]) if (!ids.has(id) && !nodes.get(id).entry._generating && untouched(id)) remove(id);
      for (const entry of entries.reverse()) if (untouched(entry.id)) upsert(entry);
    } finally {
      refreshChrome();
    }
  };

  window.addEventListener("blazar-report-generating", (event) => live(upsert)({ ...event.detail, _generating: true }));
  window.addEventListener("blazar-report-generated", (event) => live(upsert)(event.detail));
  listenHub({
    onReport: live(upsert),
    onRemoved: live(remove),
    onResync: load,
    onConnection: (state) => {
      connection.hidden = state !== "reconnecting";
    },
  });
  load();
  return { showOnly };
}
