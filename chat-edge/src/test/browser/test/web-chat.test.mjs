// The web chat page in a real browser: headless Chromium (the system's) driven by Playwright,
// against the stack stack/browser-test.sh starts (Keycloak, chat-persister, two edges behind the
// nginx load balancer). Users sign in through Keycloak's own login form.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { allowWebOrigin } from "../lib/keycloak.mjs";

const BASE = process.env.PARLEY_WEB_URL ?? "http://127.0.0.1:7080/app/";
const KEYCLOAK = process.env.PARLEY_KEYCLOAK_URL ?? "http://127.0.0.1:8280";
const CHROMIUM = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = process.env.PARLEY_SCREENSHOT_DIR ?? join(import.meta.dirname, "../../../../target/browser-screenshots");
const PASSWORD = "parley";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let browser;
const pages = {};
const problems = []; // uncaught page errors and console errors (CSP violations show up there)

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await allowWebOrigin({
    keycloakUrl: KEYCLOAK, origin: new URL(BASE).origin,
    admin: process.env.PARLEY_KEYCLOAK_ADMIN ?? "admin", password: process.env.PARLEY_KEYCLOAK_ADMIN_PASSWORD ?? "admin",
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
});

after(async () => { await browser?.close(); });

// Socket.IO frames from alice's page pass through this filter (Playwright's WebSocket routing):
// a frame containing `drop` never reaches the server, as if the network had lost it.
const network = { drop: null, dropped: [], sent: [] };

/** Opens the page in a fresh browser profile and signs in through the Keycloak login form. */
async function signIn(user, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  if (user === "alice") {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        const text = String(frame);
        if (network.drop && text.includes(network.drop)) { network.dropped.push(text); return; }
        if (text.includes("message:send")) network.sent.push(text);
        server.send(frame);
      });
      server.onMessage((frame) => ws.send(frame));
    });
  }
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (e) => problems.push(`${user}: ${e.message}`));
  page.on("console", (m) => {
    // carol's page asks for the private group and is refused: Chromium logs that refusal
    const expected = user === "carol" && /status of 403/.test(m.text());
    if (m.type() === "error" && !expected) problems.push(`${user}: ${m.text()}`);
  });
  await page.goto(BASE);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/realms\/parley\/protocol\/openid-connect\/auth/);
  await page.getByLabel(/username/i).fill(user);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/app/") && !u.searchParams.has("code"));
  await page.getByText(`Signed in as ${user}`).waitFor();
  await connected(page);
  pages[user] = page;
  return page;
}

const connected = (page) => page.locator("#conn[data-state=connected]").waitFor();
const message = (page, text) => page.locator("#message-list li", { has: page.locator(".body", { hasText: text }) });
const member = (page, user, status) => page.locator(`#member-list li[data-user="${user}"][data-status="${status}"]`);

async function say(page, text) {
  const box = page.getByLabel("Message", { exact: true });
  await box.fill(text);
  await box.press("Enter");
  await message(page, text).and(page.locator("[data-state=sent]")).last().waitFor();
}

let roomId;
let roomName;

test("alice signs in through Keycloak and creates a private group with bob", async () => {
  const alice = await signIn("alice", DESKTOP);
  roomName = `Project Falcon ${(Date.now() % 1000).toString().padStart(3, "0")}`;
  await alice.getByText("New group").click();
  await alice.getByLabel("Name").fill(roomName);
  await alice.getByLabel(/Private/).check();
  await alice.getByLabel("Members (user ids, comma separated)").fill("bob");
  await alice.getByRole("button", { name: "Create group" }).click();
  await alice.getByRole("heading", { name: roomName }).waitFor();
  roomId = decodeURIComponent(new URL(alice.url()).hash.replace("#/room/", ""));
  assert.match(roomId, /^grp:[0-9a-f-]{36}$/);
  await alice.getByRole("button", { name: new RegExp(roomName) }).waitFor();
});

test("bob signs in on a phone-sized window, sees the group and both see each other online", async () => {
  const bob = await signIn("bob", PHONE);
  await bob.getByRole("button", { name: new RegExp(roomName) }).click();
  await bob.getByRole("heading", { name: roomName }).waitFor();
  await member(pages.alice, "bob", "online").waitFor();
  await bob.getByRole("button", { name: /Members/ }).click();
  await member(bob, "alice", "online").waitFor();
  await bob.getByRole("button", { name: /Members/ }).click();
});

test("typing shows on the other side; messages sent with Enter arrive live and are acked", async () => {
  const { alice, bob } = pages;
  await alice.getByLabel("Message", { exact: true }).pressSequentially("Hello B", { delay: 30 });
  await bob.getByText("alice is typing…").waitFor();
  await alice.getByLabel("Message", { exact: true }).pressSequentially("ob", { delay: 30 });
  await alice.getByLabel("Message", { exact: true }).press("Enter");
  await message(alice, "Hello Bob").and(alice.locator("[data-state=sent]")).waitFor();
  await message(bob, "Hello Bob").waitFor();
  await bob.getByText("alice is typing…").waitFor({ state: "hidden" });

  await say(bob, "Hi Alice");
  await message(alice, "Hi Alice").waitFor();
  assert.equal(await message(alice, "Hi Alice").locator(".who").textContent(), "bob");
});

const XSS = `<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">`;

test("a message with <script> and <img onerror> is shown as text and never runs", async () => {
  const { alice, bob } = pages;
  await say(alice, XSS);
  const body = message(bob, "<script>").locator(".body");
  await body.waitFor();
  assert.equal(await body.textContent(), XSS);
  for (const page of [alice, bob]) {
    assert.equal(await page.locator("#message-list img, #message-list script").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  }
  // screenshots with bob typing (alice sees it)
  await bob.getByLabel("Message", { exact: true }).pressSequentially("Looks good", { delay: 20 });
  await alice.getByText("bob is typing…").waitFor();
  await alice.screenshot({ path: join(SHOTS, "web-desktop.png") });
  await bob.screenshot({ path: join(SHOTS, "web-phone.png") });
  await bob.getByLabel("Message", { exact: true }).fill("");
});

test("after a reload the history is there, older pages load when scrolling up", async () => {
  const { alice, bob } = pages;
  for (let i = 1; i <= 35; i++) {
    const box = alice.getByLabel("Message", { exact: true });
    await box.fill(`bulk ${i}`);
    await box.press("Enter");
  }
  await message(alice, "bulk 35").and(alice.locator("[data-state=sent]")).waitFor();
  assert.equal(await alice.locator("#message-list li[data-state=pending], #message-list li[data-state=failed]").count(), 0);

  await bob.reload();
  await connected(bob);
  await message(bob, "bulk 35").waitFor();
  // the newest page holds 30 messages: the first ones are not loaded yet
  await message(bob, "bulk 6").waitFor();
  assert.equal(await message(bob, "Hello Bob").count(), 0);
  await bob.locator("#messages").evaluate((box) => { box.scrollTop = 0; box.dispatchEvent(new Event("scroll")); });
  await message(bob, "Hello Bob").waitFor();
  await bob.getByText("Start of the conversation").waitFor();
  assert.equal(await message(bob, "<script>").locator(".body").textContent(), XSS);
  const seqs = await bob.locator("#message-list li").evaluateAll((lis) => lis.map((li) => Number(li.dataset.seq)));
  assert.equal(seqs.length, 38);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "messages are in seq order");
  assert.equal(new Set(seqs).size, seqs.length, "no message twice");
});

test("a send the server never got turns failed, and Retry resends it with the same clientMsgId", async () => {
  const { alice, bob } = pages;
  network.drop = "lost on the way";
  const box = alice.getByLabel("Message", { exact: true });
  await box.fill("lost on the way");
  await box.press("Enter");
  const mine = message(alice, "lost on the way");
  await mine.and(alice.locator("[data-state=pending]")).waitFor();
  await mine.and(alice.locator("[data-state=failed]")).waitFor(); // no ack within the page's 10 s
  assert.equal(network.dropped.length, 1);
  network.drop = null;
  await mine.getByRole("button", { name: "Retry" }).click();
  await mine.and(alice.locator("[data-state=sent]")).waitFor();
  await message(bob, "lost on the way").waitFor();
  const clientMsgId = (frame) => JSON.parse(frame.slice(frame.indexOf("["))).at(1).clientMsgId;
  const resent = network.sent.filter((f) => f.includes("lost on the way"));
  assert.equal(resent.length, 1);
  assert.equal(clientMsgId(resent[0]), clientMsgId(network.dropped[0]));
  assert.equal(await message(bob, "lost on the way").count(), 1);
});

test("messages to a room that is not open count as unread", async () => {
  const { alice, bob } = pages;
  await bob.getByRole("button", { name: "Rooms" }).click();
  await say(alice, "unread one");
  await say(alice, "unread two");
  const unread = bob.getByRole("button", { name: new RegExp(roomName) }).locator(".unread");
  await bob.waitForFunction((el) => el.textContent === "2", await unread.elementHandle());
  await bob.getByRole("button", { name: new RegExp(roomName) }).click();
  await message(bob, "unread two").waitFor();
  await bob.getByRole("button", { name: "Rooms" }).click();
  assert.equal(await unread.textContent(), "");
});

test("an expired access token is refreshed with the refresh token", async () => {
  const { bob } = pages;
  const tokens = () => bob.evaluate(() => JSON.parse(sessionStorage.getItem("parley.tokens")));
  const before = await tokens();
  await bob.evaluate(() => {
    const t = JSON.parse(sessionStorage.getItem("parley.tokens"));
    t.expires_at = Date.now() - 1_000;
    sessionStorage.setItem("parley.tokens", JSON.stringify(t));
  });
  await bob.reload();
  await bob.getByText("Signed in as bob").waitFor();
  await connected(bob);
  const after = await tokens();
  assert.notEqual(after.access_token, before.access_token);
  assert.ok(after.expires_at > Date.now(), "the new token is valid");
  await bob.getByRole("button", { name: new RegExp(roomName) }).click();
  await message(bob, "unread two").waitFor();
});

test("carol, not a member, cannot open the private room", async () => {
  const carol = await signIn("carol", DESKTOP);
  await carol.goto(`${BASE}#/room/${encodeURIComponent(roomId)}`);
  await connected(carol);
  await carol.getByRole("alert").filter({ hasText: /not a member/ }).waitFor();
  assert.equal(await carol.locator("#message-list li").count(), 0);
  assert.equal(await carol.getByLabel("Message", { exact: true }).isDisabled(), true);
  assert.equal(await carol.getByText("Hello Bob").count(), 0);
  // not only the page: the edge refuses carol's socket the room, chat-persister its history
  const refused = await carol.evaluate(async (room) => {
    const { io } = await import("/socket.io/socket.io.esm.min.js");
    const token = JSON.parse(sessionStorage.getItem("parley.tokens")).access_token;
    const history = await fetch(`/api/rooms/${encodeURIComponent(room)}/messages`, { headers: { Authorization: `Bearer ${token}` } });
    const socket = io(location.origin, { auth: { token }, transports: ["websocket"] });
    try {
      return { join: await socket.timeout(10_000).emitWithAck("room:join", { roomId: room }), history: history.status };
    } finally {
      socket.close();
    }
  }, roomId);
  assert.equal(refused.history, 403);
  assert.equal(refused.join.ok, false);
  assert.equal(refused.join.error.code, "FORBIDDEN");
  await carol.context().close();
});

test("sign out ends the session at Keycloak and comes back to the sign-in page", async () => {
  const { alice } = pages;
  await alice.getByRole("button", { name: "Sign out" }).click();
  await alice.waitForURL((u) => u.pathname.startsWith("/app/"));
  await alice.getByRole("button", { name: "Sign in" }).waitFor();
  // the Keycloak session is gone too: signing in asks for the password again
  await alice.getByRole("button", { name: "Sign in" }).click();
  await alice.getByLabel("Password", { exact: true }).waitFor();
});

test("no script errors and no Content-Security-Policy violations on any page", () => {
  assert.deepEqual(problems, []);
});
