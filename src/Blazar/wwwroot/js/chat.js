// The chat panel: the conversation with the assistant (POST /api/chat, read as SSE), the spec card it
// proposes, and the generation card once the spec is confirmed. The conversation lives in localStorage,
// so a reload (or a closed tab) picks it up where it was.
import { el, clear } from "./dom.js";
import { readSse, post, problemOf } from "./sse.js";
import { specCard } from "./spec-card.js";
import { generationCard, announce } from "./generation-card.js";
import { askToNotify, notifyWhenDone } from "./notify.js";

const STORAGE_KEY = "blazar-chat-v1";
const GREETING = "Hi! What report do you need? Describe the topic in a sentence — I'll ask about the audience, sections, data and tone, then show you the plan before anything is written.";

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    if (saved && Array.isArray(saved.items)) return saved;
  } catch {
    // A damaged entry starts a new conversation.
  }
  return { items: [{ kind: "message", role: "assistant", text: GREETING }] };
}

// What the assistant hears: the conversation since the last report was started.
function conversation(items) {
  const lastGeneration = items.findLastIndex((i) => i.kind === "generation");
  return items.slice(lastGeneration + 1).flatMap((item) => {
    if (item.kind === "message" && item.text) return [{ role: item.role, content: item.text }];
    if (item.kind === "spec") return [{ role: "assistant", content: `Proposed spec:\n${JSON.stringify(item.spec)}` }];
    return [];
  });
}

export function startChat() {
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const send = form.querySelector("[data-testid=chat-send]");
  const announcer = document.getElementById("chat-announcer");
  // On a touch keyboard Enter makes a new line and the Send button sends; elsewhere Enter sends.
  const touch = window.matchMedia("(pointer: coarse)").matches;
  if (touch) {
    input.setAttribute("enterkeyhint", "enter");
    document.getElementById("composer-hint").textContent = "Send sends · Enter makes a new line · paste CSV to attach data";
  }
  let state = load();
  let busy = false;
  let cards = [];

  const save = () => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      // Storage is full or blocked: the conversation still works in this tab.
    }
  };

  const scrollToEnd = () => {
    log.scrollTop = log.scrollHeight;
  };

  // What was typed, as typed (wrapped, never wider than the panel): the assistant says what it took as data,
  // and the spec card shows that data as a table.
  const messageElement = (item) =>
    el("li", { class: `message ${item.role}`, dataset: { role: item.role } },
      el("span", { class: "visually-hidden" }, item.role === "user" ? "You: " : "Assistant: "),
      el("div", { class: "bubble" }, el("p", { class: "bubble-text" }, item.text)));

  const mount = (item, options = {}) => {
    if (item.kind === "message") return log.appendChild(messageElement(item));
    if (item.kind === "notice") return log.appendChild(el("li", { class: "message notice", role: "alert" }, el("div", { class: "bubble" }, item.text)));
    if (item.kind === "spec") {
      const card = specCard(item, { onConfirm: (c) => confirm(item, c), onChange: save });
      log.appendChild(el("li", { class: "message card-item" }, card.element));
      return card;
    }
    if (item.kind === "generation") {
      const card = generationCard(item, options);
      cards.push(card);
      log.appendChild(el("li", { class: "message card-item" }, card.element));
      return card;
    }
    return null;
  };

  const render = () => {
    for (const card of cards) card.close();
    cards = [];
    clear(log);
    for (const item of state.items) mount(item);
    scrollToEnd();
  };

  const push = (item, options) => {
    state.items.push(item);
    save();
    const mounted = mount(item, options);
    scrollToEnd();
    return mounted;
  };

  const setBusy = (value) => {
    busy = value;
    send.disabled = value;
    form.setAttribute("aria-busy", String(value));
  };

  async function ask(text) {
    setBusy(true);
    push({ kind: "message", role: "user", text });
    const reply = { kind: "message", role: "assistant", text: "" };
    state.items.push(reply);
    const bubble = messageElement(reply);
    bubble.classList.add("typing");
    const textNode = bubble.querySelector(".bubble-text");
    log.appendChild(bubble);
    scrollToEnd();
    try {
      const response = await post("/api/chat", { messages: conversation(state.items.slice(0, -1)) });
      if (!response.ok) throw new Error((await problemOf(response)).message);
      await readSse(response, ({ type, data }) => {
        const payload = JSON.parse(data);
        if (type === "delta") {
          reply.text += payload.text;
          textNode.textContent = reply.text;
          scrollToEnd();
        } else if (type === "spec") {
          save();
          push({ kind: "spec", spec: payload.spec, confirmed: false });
        } else if (type === "error") {
          throw new Error(payload.message);
        }
      });
    } catch (error) {
      if (!reply.text) {
        state.items.pop();
        bubble.remove();
      }
      // The message goes back into the box, unsent, so nothing typed is lost; Retry (or Send) sends it again.
      const asked = state.items.findLastIndex((i) => i.kind === "message" && i.role === "user" && i.text === text);
      if (asked >= 0 && !reply.text) {
        state.items.splice(asked, 1);
        [...log.querySelectorAll(".message.user")].pop()?.remove();
      }
      if (!input.value.trim()) input.value = text;
      const retry = el("button", { type: "button", class: "button small", "data-testid": "chat-retry" }, "Retry");
      const notice = el("li", { class: "message notice", role: "alert" },
        el("div", { class: "bubble" }, `${error.message || "The assistant could not answer."} Your message is back in the box. `, retry));
      retry.addEventListener("click", () => {
        notice.remove();
        form.requestSubmit();
      });
      log.appendChild(notice);
      scrollToEnd();
    } finally {
      if (reply.text) announcer.textContent = `Assistant: ${reply.text}`;
      bubble.classList.remove("typing");
      save();
      setBusy(false);
    }
  }

  async function confirm(item, card) {
    card.setBusy(true);
    // They chose to start it: the one moment to ask whether Blazar may tell them when it is done.
    askToNotify();
    let generation = null;
    try {
      const response = await post("/api/generate-report", { spec: item.spec });
      if (!response.ok) {
        card.showProblem(await problemOf(response));
        return;
      }
      card.confirmed();
      save();
      await readSse(response, ({ type, data }) => {
        const payload = JSON.parse(data);
        if (type === "start") {
          const genItem = { kind: "generation", id: payload.id, title: item.spec.title };
          notifyWhenDone(payload.id);
          generation = push(genItem, { ownSource: true });
          announce("blazar-report-generating", {
            id: payload.id, url: payload.url, title: item.spec.title, summary: item.spec.summary ?? null,
            status: "queued", createdAt: new Date().toISOString(), completedAt: null, length: 0, progress: 0,
          });
          push({ kind: "message", role: "assistant", text: "It's being written now — follow it here or open it live. Describe another report whenever you like." });
        } else if (generation) {
          generation.feed({ type, ...payload });
        }
      });
    } catch (error) {
      if (!generation) card.showProblem({ message: `Could not start the report: ${error.message}`, errors: {} });
    } finally {
      card.setBusy(false);
      // The POST stream is over; if the report is not, the card follows it like any other tab.
      generation?.sourceEnded();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !touch) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  document.getElementById("chat-reset").addEventListener("click", () => {
    state = { items: [{ kind: "message", role: "assistant", text: GREETING }] };
    save();
    render();
    input.focus();
  });
  // Another tab changed the conversation: show the same one.
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY && !busy) {
      state = load();
      render();
    }
  });
  render();
}
