// The open room's members: who is online (presence) and, for groups, every member; the form to
// add a member (shown to the group's admins).
import { $, el, setText } from "./dom.js";

export function renderMembers(room) {
  const list = $("member-list");
  if (!room) { list.replaceChildren(); $("add-member").hidden = true; return; }
  const ids = new Set([...room.groupMembers.map((m) => m.userId), ...room.online.keys()]);
  const rows = [...ids].sort().map((userId) => {
    const status = room.online.get(userId) === "online" ? "online" : "offline";
    const role = room.groupMembers.find((m) => m.userId === userId)?.role;
    return el("li", { dataset: { user: userId, status } },
      el("span", { class: "dot", "aria-hidden": "true" }),
      el("span", {}, userId, role === "ADMIN" ? " (admin)" : ""),
      el("span", { class: "status" }, status));
  });
  list.replaceChildren(...rows);
  $("add-member").hidden = !(room.groupId && room.kind !== "DIRECT" && room.iAmAdmin);
  $("members-toggle").textContent = `Members (${[...room.online.values()].filter((s) => s === "online").length})`;
  $("members-toggle").setAttribute("aria-label", `Members, ${[...room.online.values()].filter((s) => s === "online").length} online`);
}

export function bindMemberForm(onAdd) {
  const form = $("add-member");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    setText($("members-error"), "");
    try {
      await onAdd(String(new FormData(form).get("userId")).trim());
      form.reset();
    } catch (err) {
      setText($("members-error"), err.message);
    }
  });
  const toggle = $("members-toggle");
  toggle.addEventListener("click", () => {
    const open = $("members-pane").classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
}
