// The client's model of its rooms: the signed-in user's groups (REST), public groups and ad-hoc
// rooms it joined (remembered in localStorage), per room its messages, online members, typing
// users, and unread count. Read positions are kept per user in localStorage and sent to the
// server with room:read.

export const groupOfRoom = (roomId) => (roomId.startsWith("grp:") ? roomId.slice(4) : null);

export function newRoom(roomId, name = roomId, kind = "ROOM") {
  return {
    roomId, name, kind, groupId: groupOfRoom(roomId), iAmAdmin: false,
    joined: false, error: null, unread: 0,
    messages: new Map(), byClientId: new Map(), oldestSeq: null, newestSeq: 0, hasMore: true,
    historyLoaded: false, loadingOlder: false,
    online: new Map(), groupMembers: [], typing: new Map(),
  };
}

export class Saved {
  constructor(userId) { this.prefix = `parley.${userId}.`; }
  #get(key, fallback) { try { return JSON.parse(localStorage.getItem(this.prefix + key)) ?? fallback; } catch { return fallback; } }
  #set(key, value) { localStorage.setItem(this.prefix + key, JSON.stringify(value)); }
  lastRead(roomId) { return this.#get("read", {})[roomId] ?? 0; }
  setLastRead(roomId, seq) {
    const all = this.#get("read", {});
    if ((all[roomId] ?? 0) >= seq) return false;
    all[roomId] = seq; this.#set("read", all); return true;
  }
  extraRooms() { return this.#get("rooms", []); }
  addExtraRoom(roomId, name, kind) {
    const all = this.extraRooms().filter((r) => r.roomId !== roomId);
    all.push({ roomId, name, kind }); this.#set("rooms", all);
  }
}

/** A message as the page keeps it: the server's fields plus key and state. */
export function fromServer(m) {
  return { key: m.id, id: m.id, seq: m.seq, senderId: m.senderId, body: m.body, ts: m.ts, clientMsgId: m.clientMsgId ?? null, state: "sent" };
}
