// chat-persister's groups and history REST API, reached through the load balancer's origin
// (/api/groups, /api/users, /api/rooms), with the user's bearer token.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  /** @param {import("./auth.js").Auth} auth */
  constructor(auth) { this.auth = auth; }

  async request(method, path, body) {
    const headers = { Accept: "application/json" };
    const token = await this.auth.accessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status === 204) return null;
    const data = await r.json().catch(() => null);
    if (!r.ok) throw new ApiError(r.status, data);
    return data;
  }

  myGroups(userId) { return this.request("GET", `/api/users/${encodeURIComponent(userId)}/groups`); }
  group(groupId) { return this.request("GET", `/api/groups/${encodeURIComponent(groupId)}`); }
  members(groupId) { return this.request("GET", `/api/groups/${encodeURIComponent(groupId)}/members`); }
  /** The creator is listed as ADMIN explicitly (the server makes the caller ADMIN anyway). */
  createGroup(name, visibility, creatorId, memberIds) {
    const members = [{ userId: creatorId, role: "ADMIN" }, ...memberIds.map((userId) => ({ userId }))];
    return this.request("POST", "/api/groups", { name, visibility, members });
  }
  addMember(groupId, userId) {
    return this.request("POST", `/api/groups/${encodeURIComponent(groupId)}/members`, { userId });
  }
  /** A page of a room's history, newest first: the newest, or those before beforeSeq (keyset on seq). */
  history(roomId, { beforeSeq = null, limit = 30 } = {}) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (beforeSeq != null) query.set("beforeSeq", String(beforeSeq));
    return this.request("GET", `/api/rooms/${encodeURIComponent(roomId)}/messages?${query}`);
  }
  /** Messages newer than afterSeq (newest first), for unread counts. */
  messagesAfter(roomId, afterSeq, limit = 100) {
    return this.request("GET", `/api/rooms/${encodeURIComponent(roomId)}/messages?afterSeq=${afterSeq}&limit=${limit}`);
  }
}
