// The open room's messages, in seq order (a message still being sent goes last), updated in place:
// pending -> sent (from the ack or the echoed message:new) or failed (with a Retry button).
import { $, el, setText } from "./dom.js";

const STATE_TEXT = { pending: "Sending…", sent: "Sent", failed: "Not sent" };
let items = new Map(); // key -> li of the room on screen
let retryHandler = () => {};

const seqOf = (li) => (li.dataset.seq ? Number(li.dataset.seq) : Infinity);

function render(msg, me) {
  const mine = msg.senderId === me;
  const time = new Date(msg.ts ?? Date.now());
  const li = el("li", { class: mine ? "msg mine" : "msg", dataset: { key: msg.key, state: msg.state } },
    el("span", { class: "who" }, mine ? "You" : msg.senderId),
    el("time", { datetime: time.toISOString() }, time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })),
    el("p", { class: "body" }, msg.body));
  if (msg.seq != null) li.dataset.seq = String(msg.seq);
  if (mine) {
    const state = el("span", { class: "state" }, msg.state === "failed" && msg.error ? `${STATE_TEXT.failed}: ${msg.error}` : STATE_TEXT[msg.state]);
    li.append(" ", state);
    if (msg.state === "failed") {
      li.append(el("button", { type: "button", class: "retry", onclick: () => retryHandler(msg) }, "Retry"));
    }
  }
  return li;
}

function nearBottom(box) { return box.scrollHeight - box.scrollTop - box.clientHeight < 80; }

/** Shows a room's messages (clears the previous room's). */
export function showMessages(room, me, onRetry) {
  retryHandler = onRetry;
  items = new Map();
  const list = $("message-list");
  list.replaceChildren();
  if (!room) return;
  const sorted = [...room.messages.values()].sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  for (const msg of sorted) {
    const li = render(msg, me);
    items.set(msg.key, li);
    list.append(li);
  }
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

/** Adds or updates one message of the room on screen. */
export function upsertMessage(msg, me) {
  const list = $("message-list");
  const box = $("messages");
  const stick = nearBottom(box) || msg.senderId === me;
  const fresh = render(msg, me);
  const old = items.get(msg.key);
  items.set(msg.key, fresh);
  if (old) old.remove();
  const seq = msg.seq ?? Infinity;
  let after = null;
  for (let node = list.lastElementChild; node; node = node.previousElementSibling) {
    if (seqOf(node) <= seq) { after = node; break; }
  }
  if (after) after.after(fresh); else list.prepend(fresh);
  if (stick) box.scrollTop = box.scrollHeight;
}

export function removeMessage(key) {
  items.get(key)?.remove();
  items.delete(key);
}

/** Older messages were added at the top: keep what the user looked at in place. */
export function prependOlder(msgs, me) {
  const box = $("messages");
  const list = $("message-list");
  const before = box.scrollHeight;
  const first = list.firstElementChild;
  for (const msg of msgs) { // oldest first
    if (items.has(msg.key)) continue;
    const li = render(msg, me);
    items.set(msg.key, li);
    if (first) first.before(li); else list.append(li);
  }
  box.scrollTop += box.scrollHeight - before;
}

export function setHistoryState(text) { setText($("history-state"), text); }

/** Calls onNearTop when the user scrolls (or is) near the oldest message shown. */
export function bindHistoryScroll(onNearTop) {
  const box = $("messages");
  box.addEventListener("scroll", () => { if (box.scrollTop < 60) onNearTop(); }, { passive: true });
}
