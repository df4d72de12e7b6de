// The page's controller: sign-in, the room list, the open room (history from chat-persister's
// REST API; live messages, sends with ack state and retry, typing and presence over Socket.IO),
// unread counts and the connection state.
import { Auth } from "./auth.js";
import { Api } from "./api.js";
import { Chat } from "./socket.js";
import { newRoom, groupOfRoom, Saved, fromServer } from "./rooms.js";
import { $, setText } from "./ui/dom.js";
import { showConnection } from "./ui/status.js";
import { renderRooms, bindRoomForms } from "./ui/rooms.js";
import { showMessages, upsertMessage, removeMessage, prependOlder, setHistoryState, bindHistoryScroll } from "./ui/messages.js";
import { bindComposer, enableComposer } from "./ui/composer.js";
import { renderMembers, bindMemberForm } from "./ui/members.js";

const PAGE = 30;
const TYPING_SHOWN_MS = 5_000;
const GROUPS_REFRESH_MS = 30_000;

const rooms = new Map();
let active = null; // roomId on screen
let auth, api, chat, saved, me;

main().catch((e) => showSignedOut(e.message));

async function main() {
  const config = await fetch("config.json").then((r) => r.json());
  auth = new Auth(config);
  let restoreHash = null;
  try { restoreHash = await auth.start(); } catch (e) { showSignedOut(e.message); return; }
  auth.addEventListener("signedout", (e) => { chat?.close(); showSignedOut(e.detail); });
  if (!auth.signedIn) { showSignedOut(""); return; }
  if (restoreHash) location.hash = restoreHash;
  await startApp();
}

function showSignedOut(message) {
  $("app").hidden = true;
  $("me").hidden = true;
  $("sign-out").hidden = true;
  $("signed-out").hidden = false;
  setText($("signin-error"), message);
  const button = $("sign-in");
  button.hidden = !auth || auth.devMode;
  button.onclick = () => auth.signIn().catch((e) => setText($("signin-error"), e.message));
  const dev = $("dev-signin");
  dev.hidden = !auth?.devMode;
  dev.onsubmit = (e) => { e.preventDefault(); auth.signInDev($("dev-user").value.trim()); location.reload(); };
  showConnection("offline");
}

async function startApp() {
  me = auth.user.userId;
  saved = new Saved(me);
  api = new Api(auth);
  chat = new Chat(auth);
  $("signed-out").hidden = true;
  $("app").hidden = false;
  $("me").hidden = false;
  setText($("me"), `Signed in as ${auth.user.name}`);
  const out = $("sign-out");
  out.hidden = false;
  out.onclick = () => { chat.close(); auth.signOut(); };

  bindRoomForms({ onCreate: createGroup, onJoin: joinPublicGroup });
  bindMemberForm(addMember);
  const composer = bindComposer({ onSend: send, onTyping: (typing) => active && chat.send("typing", { roomId: active, typing }) });
  bindHistoryScroll(() => loadOlder(rooms.get(active)));
  $("back").onclick = () => { location.hash = ""; };
  addEventListener("hashchange", () => { composer.reset(); route(); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) markRead(rooms.get(active)); });

  chat.addEventListener("state", (e) => showConnection(e.detail));
  chat.addEventListener("connected", onConnected);
  chat.addEventListener("message:new", (e) => onMessage(e.detail));
  chat.addEventListener("message:retracted", (e) => onRetracted(e.detail));
  chat.addEventListener("typing", (e) => onTyping(e.detail));
  chat.addEventListener("presence", (e) => onPresence(e.detail));
  showConnection("connecting");

  for (const r of saved.extraRooms()) rooms.set(r.roomId, newRoom(r.roomId, r.name, r.kind));
  await refreshGroups().catch((e) => setText($("rooms-error"), `Could not load your groups: ${e.message}`));
  setInterval(() => refreshGroups().catch(() => {}), GROUPS_REFRESH_MS);
  chat.connect();
  route();
}

// ---- rooms ----------------------------------------------------------------------------------

async function refreshGroups() {
  const groups = await api.myGroups(me);
  let added = false;
  for (const g of groups) {
    const room = rooms.get(g.roomId);
    if (room) { room.name = g.name; room.kind = g.visibility; continue; }
    rooms.set(g.roomId, newRoom(g.roomId, g.name, g.visibility));
    added = true;
  }
  if (added && chat.connected) for (const room of rooms.values()) if (!room.joined && !room.error) await join(room);
  drawRooms();
}

function drawRooms() {
  const list = [...rooms.values()].filter((r) => !r.error || r.roomId === active)
    .sort((a, b) => a.name.localeCompare(b.name));
  renderRooms(list, active, (roomId) => { location.hash = `#/room/${encodeURIComponent(roomId)}`; });
}

async function createGroup(name, visibility, memberIds) {
  const group = await api.createGroup(name, visibility, me, [...new Set(memberIds)].filter((id) => id !== me));
  const room = newRoom(group.roomId, group.name, group.visibility);
  room.iAmAdmin = true;
  rooms.set(room.roomId, room);
  if (chat.connected) await join(room);
  location.hash = `#/room/${encodeURIComponent(room.roomId)}`;
}

async function joinPublicGroup(groupId) {
  const group = await api.group(groupId);
  if (group.visibility !== "PUBLIC" && !rooms.has(group.roomId)) throw new Error("That group is private: ask one of its admins to add you.");
  if (!rooms.has(group.roomId)) rooms.set(group.roomId, newRoom(group.roomId, group.name, group.visibility));
  saved.addExtraRoom(group.roomId, group.name, group.visibility);
  location.hash = `#/room/${encodeURIComponent(group.roomId)}`;
}

async function addMember(userId) {
  const room = rooms.get(active);
  if (!room?.groupId) return;
  await api.addMember(room.groupId, userId);
  await loadGroupMembers(room);
}

/** room:join on the socket (one request at a time per room); a refusal is shown on the room. */
function join(room) {
  room.joining ??= joinNow(room).finally(() => { room.joining = null; });
  return room.joining;
}

async function joinNow(room) {
  const ack = await chat.request("room:join", { roomId: room.roomId });
  room.joined = ack.ok;
  if (!ack.ok) {
    room.error = refusal(ack.error);
    if (room.roomId === active) drawRoom();
    return false;
  }
  room.error = null;
  return true;
}

function refusal(error) {
  switch (error?.code) {
    case "FORBIDDEN": return "You cannot open this room: it is private and you are not a member.";
    case "NOT_FOUND": return "There is no such room.";
    default: return error?.message || "The room could not be opened.";
  }
}

async function onConnected() {
  for (const room of rooms.values()) room.joined = false;
  for (const room of rooms.values()) if (!room.error || room.roomId === active) await join(room);
  const current = rooms.get(active);
  if (current?.joined) await openJoined(current, true);
  for (const room of rooms.values()) if (room.joined && room.roomId !== active) countUnread(room);
  drawRooms();
}

// ---- routing / the open room ------------------------------------------------------------------

async function route() {
  const match = /^#\/room\/(.+)$/.exec(location.hash);
  const roomId = match ? decodeURIComponent(match[1]) : null;
  document.body.dataset.view = roomId ? "room" : "rooms";
  $("members-pane").classList.remove("open");
  active = roomId;
  if (!roomId) { drawRoom(); drawRooms(); return; }
  let room = rooms.get(roomId);
  if (!room) {
    room = newRoom(roomId);
    rooms.set(roomId, room);
    const groupId = groupOfRoom(roomId);
    if (groupId) {
      try {
        const g = await api.group(groupId);
        room.name = g.name; room.kind = g.visibility;
        if (g.visibility === "PUBLIC") saved.addExtraRoom(roomId, g.name, g.visibility);
      } catch (e) {
        room.error = e.status === 403 ? refusal({ code: "FORBIDDEN" }) : e.status === 404 ? refusal({ code: "NOT_FOUND" }) : e.message;
      }
    } else {
      saved.addExtraRoom(roomId, roomId, "ROOM");
    }
  }
  room.unread = 0;
  drawRoom();
  drawRooms();
  if (room.error) return;
  if (chat.connected && !room.joined && !(await join(room))) return;
  if (room.joined) await openJoined(room, false);
}

/** Loads what the open room needs once joined: history (newest page), members, read marker. */
async function openJoined(room, reconnected) {
  if (room.roomId !== active || room.opening) return;
  room.opening = true;
  try {
    if (!room.historyLoaded || reconnected) await loadNewest(room);
    await Promise.all([loadOnline(room), loadGroupMembers(room)]);
  } finally {
    room.opening = false;
  }
  markRead(room);
  drawRoom();
}

function drawRoom() {
  const room = rooms.get(active);
  setText($("room-title"), room ? room.name : "Choose a room");
  const kind = { PRIVATE: "Private group", PUBLIC: "Public group", DIRECT: "Direct conversation", ROOM: "Open room" };
  setText($("room-meta"), room && !room.error ? kind[room.kind] ?? "" : "");
  setText($("room-id"), room && !room.error && room.groupId ? `· id ${room.groupId}` : "");
  setText($("room-error"), room?.error ?? "");
  enableComposer(Boolean(room && !room.error && room.joined));
  showMessages(room && !room.error ? room : null, me, retry);
  setHistoryState(room && !room.error && room.historyLoaded && !room.hasMore ? "Start of the conversation" : "");
  renderMembers(room && !room.error ? room : null);
  drawTyping();
}

/** A history page from chat-persister's REST API, or null (the reason is shown). */
async function historyPage(room, beforeSeq) {
  try {
    return await api.history(room.roomId, { beforeSeq, limit: PAGE });
  } catch (e) {
    if (room.roomId === active) setHistoryState(`History unavailable: ${e.message}`);
    return null;
  }
}

async function loadNewest(room) {
  const ack = await historyPage(room, null);
  if (!ack) return;
  const wasLoaded = room.historyLoaded;
  for (const m of ack.messages) addMessage(room, fromServer(m), false);
  if (!wasLoaded) { room.hasMore = ack.hasMore; room.oldestSeq = ack.nextBeforeSeq ?? minSeq(room); }
  room.historyLoaded = true;
}

async function loadOlder(room) {
  if (!room || !room.historyLoaded || !room.hasMore || room.loadingOlder || room.oldestSeq == null) return;
  room.loadingOlder = true;
  setHistoryState("Loading older messages…");
  try {
    const ack = await historyPage(room, room.oldestSeq);
    if (!ack) return;
    const older = ack.messages.map(fromServer).filter((m) => !room.messages.has(m.key));
    for (const m of older) room.messages.set(m.key, m);
    room.hasMore = ack.hasMore;
    room.oldestSeq = ack.nextBeforeSeq ?? minSeq(room);
    if (room.roomId === active) {
      prependOlder([...older].reverse(), me); // the server sends newest first
      setHistoryState(room.hasMore ? "" : "Start of the conversation");
    }
  } finally {
    room.loadingOlder = false;
  }
}

const minSeq = (room) => Math.min(...[...room.messages.values()].map((m) => m.seq ?? Infinity));

async function loadOnline(room) {
  const ack = await chat.request("room:members", { roomId: room.roomId });
  if (!ack.ok) return;
  room.online = new Map(ack.members.map((m) => [m.userId, m.status]));
}

async function loadGroupMembers(room) {
  if (!room.groupId) return;
  try {
    room.groupMembers = await api.members(room.groupId);
    room.iAmAdmin = room.groupMembers.some((m) => m.userId === me && m.role === "ADMIN");
  } catch { /* public group of others: the online list is what we can show */ }
  if (room.roomId === active) renderMembers(room);
}

// ---- messages ---------------------------------------------------------------------------------

/** Adds or merges a message into the room's model (and the screen when the room is open). */
function addMessage(room, msg, live) {
  if (room.messages.has(msg.key)) return;
  const own = msg.clientMsgId && msg.senderId === me ? room.byClientId.get(msg.clientMsgId) : null;
  if (own) { // our own message echoed back: the pending entry becomes the sent one
    Object.assign(own, { id: msg.id, seq: msg.seq, ts: msg.ts, state: "sent", error: null });
    if (room.roomId === active) upsertMessage(own, me);
    room.newestSeq = Math.max(room.newestSeq, msg.seq);
    return;
  }
  if ([...room.messages.values()].some((m) => m.id && m.id === msg.id)) return;
  room.messages.set(msg.key, msg);
  room.newestSeq = Math.max(room.newestSeq, msg.seq ?? 0);
  if (room.roomId === active) upsertMessage(msg, me);
  if (live && msg.senderId !== me && (room.roomId !== active || document.hidden)) {
    room.unread += 1;
    drawRooms();
  }
}

function onMessage(m) {
  const room = rooms.get(m.roomId);
  if (!room) return;
  addMessage(room, fromServer(m), true);
  room.typing.delete(m.senderId);
  if (room.roomId === active) { drawTyping(); markRead(room); }
}

function onRetracted({ id, roomId }) {
  const room = rooms.get(roomId);
  if (!room) return;
  for (const msg of room.messages.values()) {
    if (msg.id !== id) continue;
    if (msg.senderId === me && msg.clientMsgId) { // ours: keep it, failed, so it can be retried
      Object.assign(msg, { id: null, seq: null, state: "failed", error: "the server could not store it" });
      if (room.roomId === active) upsertMessage(msg, me);
    } else {
      room.messages.delete(msg.key);
      if (room.roomId === active) removeMessage(msg.key);
    }
  }
}

function send(body) {
  const room = rooms.get(active);
  if (!room || room.error) return;
  const clientMsgId = crypto.randomUUID();
  const msg = { key: `c:${clientMsgId}`, id: null, seq: null, senderId: me, body, ts: Date.now(), clientMsgId, state: "pending" };
  room.messages.set(msg.key, msg);
  room.byClientId.set(clientMsgId, msg);
  upsertMessage(msg, me);
  deliver(room, msg);
}

/** Sends (or resends, with the same clientMsgId: the server deduplicates) and applies the ack. */
async function deliver(room, msg) {
  const ack = await chat.request("message:send", { roomId: room.roomId, body: msg.body, clientMsgId: msg.clientMsgId });
  if (ack.ok) Object.assign(msg, { id: ack.id, seq: ack.seq, ts: ack.ts, state: "sent", error: null });
  else Object.assign(msg, { state: "failed", error: failure(ack.error) });
  if (ack.ok) room.newestSeq = Math.max(room.newestSeq, ack.seq);
  if (room.roomId === active) upsertMessage(msg, me);
}

function failure(error) {
  switch (error?.code) {
    case "TIMEOUT": return "no answer (offline?)";
    case "RATE_LIMITED": return "too fast, try again in a moment";
    case "TOO_LARGE": return "too long";
    case "UNAVAILABLE": return "the server is busy, try again";
    default: return error?.message || error?.code || "failed";
  }
}

function retry(msg) {
  const room = [...rooms.values()].find((r) => r.messages.get(msg.key) === msg);
  if (!room) return;
  Object.assign(msg, { state: "pending", error: null });
  upsertMessage(msg, me);
  deliver(room, msg);
}

// ---- read markers and unread counts -----------------------------------------------------------

function markRead(room) {
  if (!room || room.roomId !== active || document.hidden || !room.joined) return;
  room.unread = 0;
  if (room.newestSeq > 0 && saved.setLastRead(room.roomId, room.newestSeq)) {
    chat.send("room:read", { roomId: room.roomId, seq: room.newestSeq });
  }
  drawRooms();
}

/** Unread = messages of others after this browser's read position (the server has no read-marker query). */
async function countUnread(room) {
  try {
    const page = await api.messagesAfter(room.roomId, saved.lastRead(room.roomId));
    room.unread = page.messages.filter((m) => m.senderId !== me).length + (page.hasMore ? 100 : 0);
    drawRooms();
  } catch { /* unread counts are a hint */ }
}

// ---- typing and presence ----------------------------------------------------------------------

function onTyping({ roomId, userId, typing }) {
  const room = rooms.get(roomId);
  if (!room || userId === me) return;
  clearTimeout(room.typing.get(userId));
  if (typing) room.typing.set(userId, setTimeout(() => { room.typing.delete(userId); drawTyping(); }, TYPING_SHOWN_MS));
  else room.typing.delete(userId);
  if (roomId === active) drawTyping();
}

function drawTyping() {
  const room = rooms.get(active);
  const who = room ? [...room.typing.keys()] : [];
  setText($("typing"), who.length === 0 ? "" : who.length === 1 ? `${who[0]} is typing…` : `${who.join(", ")} are typing…`);
}

function onPresence({ roomId, userId, status }) {
  const room = rooms.get(roomId);
  if (!room) return;
  room.online.set(userId, status);
  if (roomId === active) renderMembers(room);
}
