// The chat connection: socket.io-client (the browser bundle the edge serves) through the load
// balancer's origin, credentials from Auth on every (re)connect, acks as promises, and the
// connection state (connecting, connected, reconnecting, offline) as events.
import { io } from "/socket.io/socket.io.esm.min.js";

const ACK_TIMEOUT_MS = 10_000;
const AUTH_CODES = new Set(["AUTH_REQUIRED", "AUTH_INVALID", "UNAUTHENTICATED"]);

export class Chat extends EventTarget {
  /** @param {import("./auth.js").Auth} auth */
  constructor(auth) {
    super();
    this.auth = auth;
    this.state = "connecting";
    this.retries = 0;
    this.socket = io(location.origin, {
      path: "/socket.io",
      autoConnect: false,
      withCredentials: true,
      // called on every connect and reconnect: always the current (refreshed) token
      auth: (cb) => { auth.socketAuth().then(cb, () => cb({})); },
    });
    const s = this.socket;
    s.on("connect", () => { this.retries = 0; this.#setState("connected"); this.#emit("connected"); });
    s.on("disconnect", (reason) => {
      if (reason === "io client disconnect") { this.#setState("offline"); return; }
      this.#setState("reconnecting");
      // the server closed the socket (e.g. its token expired): socket.io does not retry that itself
      if (reason === "io server disconnect") this.#reconnectLater();
    });
    s.on("connect_error", (err) => {
      if (s.active) { this.#setState(navigator.onLine ? "reconnecting" : "offline"); return; }
      // refused by the server (CONNECT_ERROR): refresh the token when it is about identity, then retry
      const code = err?.data?.code;
      if (AUTH_CODES.has(code) && !this.auth.devMode) {
        this.auth.refresh().then(() => this.#reconnectLater(), () => this.#setState("offline"));
      } else {
        this.#setState("offline");
        this.#emit("error", err?.message || "connection refused");
        this.#reconnectLater();
      }
    });
    s.io.on("reconnect_attempt", () => this.#setState(navigator.onLine ? "reconnecting" : "offline"));
    s.io.on("reconnect_failed", () => this.#setState("offline"));
    s.on("auth:expired", () => { this.auth.refresh().catch(() => {}); });
    for (const ev of ["message:new", "message:retracted", "typing", "presence"]) {
      s.on(ev, (payload) => this.#emit(ev, payload));
    }
    addEventListener("offline", () => this.#setState("offline"));
    addEventListener("online", () => { if (!s.connected) { this.#setState("reconnecting"); s.connect(); } });
    // a refreshed token extends the open socket's life (servers without auth:refresh ignore it)
    auth.addEventListener("token", (e) => {
      if (s.connected) this.request("auth:refresh", { token: e.detail }).catch(() => {});
    });
  }

  connect() { this.socket.connect(); }
  close() { this.socket.disconnect(); }
  get connected() { return this.socket.connected; }

  /** Emits with an ack; resolves to the ack object ({ok:false, error:{code:"TIMEOUT"}} on timeout). */
  request(event, payload, timeoutMs = ACK_TIMEOUT_MS) {
    return new Promise((resolve) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err, ack) => {
        if (err) resolve({ ok: false, error: { code: "TIMEOUT", message: "no answer from the server" } });
        else resolve(ack ?? { ok: false, error: { code: "INTERNAL", message: "empty answer" } });
      });
    });
  }

  /** Fire and forget (typing). */
  send(event, payload) { if (this.socket.connected) this.socket.emit(event, payload); }

  #reconnectLater() {
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(this.retries++, 5));
    setTimeout(() => { if (!this.socket.connected && this.auth.signedIn) this.socket.connect(); }, delay);
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.#emit("state", state);
  }

  #emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }
}
