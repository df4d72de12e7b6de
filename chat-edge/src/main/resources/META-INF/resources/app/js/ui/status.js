// The connection state in the top bar (a polite live region: screen readers hear changes).
import { $, setText } from "./dom.js";

const LABELS = { connecting: "Connecting…", connected: "Connected", reconnecting: "Reconnecting…", offline: "Offline" };

export function showConnection(state) {
  const node = $("conn");
  node.dataset.state = state;
  setText(node, LABELS[state] ?? state);
}
