// The room list (with unread counts) and the forms to create a group or join a public one.
import { $, el, setText } from "./dom.js";

const KIND = { PRIVATE: "private", PUBLIC: "public", DIRECT: "direct", ROOM: "room" };

/** Renders the list; onOpen(roomId) when one is chosen. */
export function renderRooms(rooms, activeId, onOpen) {
  const list = $("room-list");
  list.replaceChildren(...rooms.map((r) => {
    const unread = r.unread > 0 ? (r.unread > 99 ? "99+" : String(r.unread)) : "";
    return el("li", {},
      el("button", {
        type: "button", "aria-current": r.roomId === activeId ? "true" : null, dataset: { room: r.roomId },
        onclick: () => onOpen(r.roomId),
      },
      el("span", { class: "name" }, r.name, " ", el("span", { class: "kind" }, KIND[r.kind] ?? "")),
      el("span", { class: "unread", "aria-label": unread ? `${unread} unread` : null }, unread)));
  }));
  $("rooms-empty").hidden = rooms.length > 0;
}

export function bindRoomForms({ onCreate, onJoin }) {
  const create = $("create-group");
  create.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(create);
    const members = String(data.get("members") ?? "").split(/[\s,]+/).filter(Boolean);
    if (await guard(() => onCreate(String(data.get("name")).trim(), String(data.get("visibility")), members))) {
      create.reset();
      create.closest("details").open = false;
    }
  });
  const join = $("join-group");
  join.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (await guard(() => onJoin(String(new FormData(join).get("groupId")).trim()))) {
      join.reset();
      join.closest("details").open = false;
    }
  });
}

async function guard(action) {
  setText($("rooms-error"), "");
  try { await action(); return true; } catch (e) { setText($("rooms-error"), e.message); return false; }
}
