// The message box: Enter sends, Shift+Enter adds a line; typing notifications while typing.
// The server relays typing as volatile (dropped for a receiver that is busy at that instant), so
// "typing: true" is repeated every TYPING_REPEAT_MS while the user keeps typing or pauses shortly.
import { $ } from "./dom.js";

const TYPING_REPEAT_MS = 2_000;
const TYPING_IDLE_MS = 5_000;

export function bindComposer({ onSend, onTyping }) {
  const form = $("composer");
  const input = $("message-input");
  let typing = false, idle = null, repeat = null;

  const stopTyping = () => {
    clearTimeout(idle);
    clearInterval(repeat);
    if (typing) { typing = false; onTyping(false); }
  };
  const submit = () => {
    const text = input.value;
    if (!text.trim()) return;
    stopTyping();
    onSend(text);
    input.value = "";
    input.style.height = "";
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  input.addEventListener("input", () => {
    input.style.height = "";
    input.style.height = `${input.scrollHeight}px`;
    if (!input.value) { stopTyping(); return; }
    if (!typing) {
      typing = true;
      onTyping(true);
      repeat = setInterval(() => onTyping(true), TYPING_REPEAT_MS);
    }
    clearTimeout(idle);
    idle = setTimeout(stopTyping, TYPING_IDLE_MS);
  });
  input.addEventListener("blur", stopTyping);
  return { reset: stopTyping };
}

export function enableComposer(enabled) {
  $("message-input").disabled = !enabled;
  $("composer").querySelector("button").disabled = !enabled;
}
