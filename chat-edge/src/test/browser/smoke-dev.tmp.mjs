import { chromium } from "playwright-core";
const BASE = "http://127.0.0.1:7500/app/";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const errs = [];
async function user(id, viewport) {
  const ctx = await b.newContext({ viewport });
  const p = await ctx.newPage(); p.setDefaultTimeout(15000);
  p.on("response", r => { if (r.status() >= 400) errs.push(id + " " + r.status() + " " + r.url()); });
  p.on("pageerror", e => errs.push(id + " pageerror " + e.message));
  p.on("console", m => { if (m.type() === "error" || m.type()==="warning") errs.push(id + " console " + m.text()); });
  p.on("websocket", ws => { ws.on("framesent", f => { errs.push(Date.now()%100000+" "+id+" SENT "+String(f.payload).slice(0,120)); }); ws.on("framereceived", f => { errs.push(Date.now()%100000+" "+id+" RECV "+String(f.payload).slice(0,120)); }); });
  p.on("request", r => { if (r.url().includes("socket.io/?") && r.method()==="POST") errs.push(id+" POST "+(r.postData()||"").slice(0,100)); });
  await p.goto(BASE);
  await p.getByLabel("User id", { exact: true }).fill(id);
  await p.getByRole("button", { name: "Enter" }).click();
  await p.locator("#conn[data-state=connected]").waitFor();
  return p;
}
try {
  const a = await user("alice", { width: 1280, height: 800 });
  await a.getByText("New group").click();
  await a.getByLabel("Name").fill("Test room " + Date.now());
  await a.getByLabel("Members (user ids, comma separated)").fill("bob");
  await a.getByRole("button", { name: "Create group" }).click();
  await a.getByRole("heading", { name: /Test room/ }).waitFor();
  console.log("url", a.url());
  const bob = await user("bob", { width: 390, height: 844 });
  await bob.getByRole("button", { name: /Test room/ }).last().click();
  await bob.getByRole("heading", { name: /Test room/ }).waitFor();
  await a.locator('#member-list li[data-user="bob"][data-status="online"]').waitFor();
  await a.getByLabel("Message", { exact: true }).pressSequentially("Hello <b>Bob</b>", { delay: 20 });
  await bob.getByText("alice is typing…").waitFor();
  await a.getByLabel("Message", { exact: true }).press("Enter");
  await bob.locator("#message-list li .body", { hasText: "Hello <b>Bob</b>" }).waitFor();
  await a.locator("#message-list li[data-state=sent]").waitFor();
  await a.screenshot({ path: "/tmp/webclient-a.png" });
  await bob.screenshot({ path: "/tmp/webclient-b.png" });
  console.log("ok");
} catch (e) { console.log("FAIL", e.message); }
console.log(errs.join("\n"));
await b.close();
