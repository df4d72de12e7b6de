// Sign-in with the OIDC provider: authorization code flow with PKCE (S256), token refresh before
// expiry, sign-out at the provider. Tokens live in sessionStorage (this tab only).
// In the server's insecure-dev mode a user id stands in for the token (local experiments only).

const TOKENS = "parley.tokens";
const PENDING = "parley.pkce";
const REFRESH_MARGIN_MS = 60_000; // refresh this long before expiry (at most a fifth of the lifetime)

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const randomString = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));

/** The claims of a JWT, unverified (the server verifies; the page only reads its own identity). */
export function claimsOf(jwt) {
  const part = jwt.split(".")[1] ?? "";
  const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
}

export class Auth extends EventTarget {
  /** @param {{authMode: string, oidcIssuer: string|null, clientId: string, scope: string}} config */
  constructor(config) {
    super();
    this.config = config;
    this.redirectUri = `${location.origin}/app/`;
    this.tokens = JSON.parse(sessionStorage.getItem(TOKENS) ?? "null");
    this.timer = null;
    this.refreshing = null;
  }

  get devMode() { return this.config.authMode === "insecure-dev"; }
  get signedIn() { return this.tokens != null; }

  /** {userId, name} of the signed-in user. */
  get user() {
    if (!this.tokens) return null;
    if (this.tokens.dev) return { userId: this.tokens.userId, name: this.tokens.userId };
    const c = claimsOf(this.tokens.access_token);
    return { userId: c.sub, name: c.name || c.preferred_username || c.sub };
  }

  async discovery() {
    if (!this.config.oidcIssuer) throw new Error("This server has no sign-in provider configured (parley.web.oidc-issuer).");
    this.meta ??= fetch(`${this.config.oidcIssuer}/.well-known/openid-configuration`).then((r) => {
      if (!r.ok) throw new Error(`The sign-in provider did not answer (${r.status}).`);
      return r.json();
    });
    try { return await this.meta; } catch (e) { this.meta = null; throw e; }
  }

  /** Finishes a redirect back from the provider, or resumes a stored session. Returns the hash to restore. */
  async start() {
    const params = new URLSearchParams(location.search);
    let restoreHash = null;
    if (params.has("code") || params.has("error")) {
      const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null");
      sessionStorage.removeItem(PENDING);
      history.replaceState(null, "", location.pathname + (pending?.hash ?? ""));
      if (params.has("error")) throw new Error(`Sign-in failed: ${params.get("error_description") || params.get("error")}`);
      if (!pending || pending.state !== params.get("state")) throw new Error("Sign-in failed: unexpected response (state mismatch). Please sign in again.");
      const meta = await this.discovery();
      await this.#tokenRequest(meta.token_endpoint, {
        grant_type: "authorization_code", code: params.get("code"), redirect_uri: this.redirectUri,
        client_id: this.config.clientId, code_verifier: pending.verifier,
      });
      restoreHash = pending.hash;
    } else if (this.tokens && !this.tokens.dev) {
      if (Date.now() >= this.tokens.expires_at - 5_000) await this.refresh();
      else this.#schedule();
    }
    return restoreHash;
  }

  async signIn() {
    const meta = await this.discovery();
    const verifier = randomString(48);
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const state = randomString(16);
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, hash: location.hash }));
    const url = new URL(meta.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: "code", client_id: this.config.clientId, redirect_uri: this.redirectUri,
      scope: this.config.scope || "openid", state, code_challenge: challenge, code_challenge_method: "S256",
    }).toString();
    location.assign(url.toString());
  }

  signInDev(userId) {
    this.#store({ dev: true, userId });
  }

  async signOut() {
    const tokens = this.tokens;
    this.#store(null);
    if (!tokens || tokens.dev) { location.reload(); return; }
    const meta = await this.discovery().catch(() => null);
    if (meta?.end_session_endpoint) {
      const url = new URL(meta.end_session_endpoint);
      url.search = new URLSearchParams({
        client_id: this.config.clientId, post_logout_redirect_uri: this.redirectUri,
        ...(tokens.id_token ? { id_token_hint: tokens.id_token } : {}),
      }).toString();
      location.assign(url.toString());
    } else {
      location.reload();
    }
  }

  /** A valid access token (refreshed first when it is about to expire); null in dev mode. */
  async accessToken() {
    if (!this.tokens || this.tokens.dev) return null;
    if (Date.now() >= this.tokens.expires_at - 5_000) await this.refresh();
    return this.tokens?.access_token ?? null;
  }

  /** Credentials for the Socket.IO CONNECT payload. */
  async socketAuth() {
    if (this.tokens?.dev) return { userId: this.tokens.userId };
    return { token: await this.accessToken() };
  }

  /** Refresh grant; one at a time. A refused refresh signs the user out ("signedout" event). */
  refresh() {
    this.refreshing ??= (async () => {
      try {
        const meta = await this.discovery();
        await this.#tokenRequest(meta.token_endpoint, {
          grant_type: "refresh_token", refresh_token: this.tokens.refresh_token, client_id: this.config.clientId,
        });
      } catch (e) {
        if (e.status >= 400 && e.status < 500) {
          this.#store(null);
          this.dispatchEvent(new CustomEvent("signedout", { detail: "Your session ended: please sign in again." }));
        } else {
          clearTimeout(this.timer); // provider unreachable: try again soon
          this.timer = setTimeout(() => this.refresh().catch(() => {}), 10_000);
        }
        throw e;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async #tokenRequest(endpoint, form) {
    const r = await fetch(endpoint, {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error(`Sign-in failed: ${body.error_description || body.error || r.status}`);
      e.status = r.status;
      throw e;
    }
    this.#store({
      access_token: body.access_token, refresh_token: body.refresh_token ?? this.tokens?.refresh_token,
      id_token: body.id_token ?? this.tokens?.id_token, expires_in: body.expires_in,
      expires_at: Date.now() + body.expires_in * 1000,
    });
    this.#schedule();
    this.dispatchEvent(new CustomEvent("token", { detail: body.access_token }));
  }

  #schedule() {
    clearTimeout(this.timer);
    if (!this.tokens || this.tokens.dev) return;
    const lifetime = (this.tokens.expires_in ?? 300) * 1000;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 5);
    const delay = Math.max(1_000, this.tokens.expires_at - margin - Date.now());
    this.timer = setTimeout(() => this.refresh().catch(() => {}), delay);
  }

  #store(tokens) {
    this.tokens = tokens;
    if (tokens) sessionStorage.setItem(TOKENS, JSON.stringify(tokens));
    else { sessionStorage.removeItem(TOKENS); clearTimeout(this.timer); }
  }
}
