// (g) Bad input through real sockets: a raw WebSocket (the `ws` package engine.io-client itself
// uses) or HTTP long-poll that sends a malformed packet is disconnected, while users connected at
// the same time keep chatting; a socket.io-client asking for an unknown namespace gets
// connect_error "Invalid namespace".
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { io } from 'socket.io-client';
import { startServer } from '../lib/server.mjs';
import { connectAs, call, next, record, sleep, until, uniqueRoom } from '../lib/client.mjs';

let server;
let alice;
let bob;
let roomId;
const disconnects = [];
before(async () => {
  server = await startServer();
  alice = await connectAs(server, 'alice');
  bob = await connectAs(server, 'bob', { transports: ['websocket'] });
  roomId = uniqueRoom('bystanders');
  await call(alice, 'room:join', { roomId });
  await call(bob, 'room:join', { roomId });
  alice.on('disconnect', (reason) => disconnects.push(`alice: ${reason}`));
  bob.on('disconnect', (reason) => disconnects.push(`bob: ${reason}`));
});
after(async () => {
  alice?.close();
  bob?.close();
  await server?.stop();
});

/** alice and bob exchange one message each; both see both. */
async function bystandersStillChat(tag) {
  const atAlice = record(alice, 'message:new');
  const atBob = record(bob, 'message:new');
  assert.equal((await call(alice, 'message:send', { roomId, body: `alice ${tag}` })).ok, true);
  assert.equal((await call(bob, 'message:send', { roomId, body: `bob ${tag}` })).ok, true);
  await until(() => atAlice.length === 2 && atBob.length === 2, 5000, `bystander messages (${tag})`);
  assert.deepEqual(atAlice.map((m) => m.body), [`alice ${tag}`, `bob ${tag}`]);
  assert.deepEqual(atBob.map((m) => m.body), [`alice ${tag}`, `bob ${tag}`]);
  alice.off('message:new');
  bob.off('message:new');
}

/** A raw Engine.IO WebSocket, opened and (optionally) connected to the main namespace as `userId`. */
async function rawSocket(userId) {
  const url = `${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url);
  const frames = [];
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data, isBinary) => frames.push(isBinary ? data : data.toString()));
  await next(ws, 'open', 5000);
  await until(() => frames.length >= 1, 5000, 'Engine.IO open packet');
  assert.match(frames[0], /^0\{.*"sid":/);
  if (userId) {
    ws.send(`40${JSON.stringify({ userId })}`);
    await until(() => frames.some((f) => typeof f === 'string' && f.startsWith('40{')), 5000, 'CONNECT ack');
  }
  return { ws, frames, closed };
}

async function closesWithin(raw, ms = 3000) {
  const result = await Promise.race([raw.closed, sleep(ms).then(() => null)]);
  assert.ok(result, `the connection was not closed within ${ms} ms`);
  return result;
}

describe('malformed packets on a raw WebSocket close that connection only', () => {
  const cases = [
    ['truncated JSON in an EVENT', (ws) => ws.send('42["message:send",{"roomId":')],
    ['an EVENT whose data is not an array', (ws) => ws.send('42{"not":"an array"}')],
    ['an EVENT with an empty array', (ws) => ws.send('42[]')],
    ['an unknown Socket.IO packet type', (ws) => ws.send('4Z')],
    ['an unknown Engine.IO packet type', (ws) => ws.send('9hello')],
    ['an empty frame', (ws) => ws.send('')],
    ['a binary attachment nobody announced', (ws) => ws.send(Buffer.from([1, 2, 3]))],
    ['text where an announced binary attachment should come', (ws) => {
      ws.send('451-["message:send",{"_placeholder":true,"num":0}]');
      ws.send('42["message:send",{}]');
    }],
    ['an illegal attachment count', (ws) => ws.send('45x-["a"]')],
    ['an ACK without an id', (ws) => ws.send('43[]')],
  ];
  for (const [what, sendBad] of cases) {
    test(what, async () => {
      const raw = await rawSocket('mallory');
      sendBad(raw.ws);
      await closesWithin(raw);
      await bystandersStillChat(what);
    });
  }

  test('malformed input before any namespace is joined', async () => {
    const raw = await rawSocket();
    raw.ws.send('40{"userId":');
    await closesWithin(raw);
    await bystandersStillChat('before connect');
  });

  test('a well-formed raw client is not closed and can chat', async () => {
    const raw = await rawSocket('rawuser');
    raw.ws.send(`420${JSON.stringify(['room:join', { roomId }])}`);
    await until(() => raw.frames.some((f) => f === `430[{"ok":true,"roomId":"${roomId}"}]`), 5000, 'join ack');
    const atAlice = record(alice, 'message:new');
    raw.ws.send(`421${JSON.stringify(['message:send', { roomId, body: 'from a raw socket' }])}`);
    await until(() => atAlice.length === 1, 5000, 'raw message at alice');
    assert.equal(atAlice[0].senderId, 'rawuser');
    alice.off('message:new');
    assert.equal(raw.ws.readyState, WebSocket.OPEN);
    raw.ws.close();
    await raw.closed;
  });
});

/** A raw long-polling session connected to the main namespace; returns its poll URL. */
async function rawPolling(userId) {
  const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  const open = await (await fetch(base)).text();
  assert.match(open, /^0\{/);
  const url = `${base}&sid=${JSON.parse(open.slice(1)).sid}`;
  const connect = await fetch(url, { method: 'POST', body: `40${JSON.stringify({ userId })}` });
  assert.equal(connect.status, 200);
  await connect.text();
  assert.match(await (await fetch(url)).text(), /^40\{"sid":/);
  return url;
}

async function assertSessionGone(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
  const body = await res.text();
  if (res.status === 200) {
    // a poll that reached the session just before it closed is answered with the close packet
    assert.equal(body.split('\x1e').at(-1), '1', `expected a close packet, got ${body}`);
  } else {
    assert.equal(res.status, 400, 'the session has ended');
    assert.deepEqual(JSON.parse(body), { code: 1, message: 'Session ID unknown' });
  }
}

test('a malformed Socket.IO packet in a long-polling POST ends that session only', async () => {
  const url = await rawPolling('pollster');
  // a well-formed Engine.IO payload, so the POST itself is accepted (as by the reference server)
  const bad = await fetch(url, { method: 'POST', body: '42["message:send",' });
  assert.equal(bad.status, 200);
  await bad.text();
  await assertSessionGone(url);
  await bystandersStillChat('after bad Socket.IO POST');
});

test('a malformed Engine.IO payload in a long-polling POST is refused and ends that session only', async () => {
  const url = await rawPolling('pollster2');
  const bad = await fetch(url, { method: 'POST', body: 'Zgarbage' });
  assert.equal(bad.status, 400);
  await bad.text();
  await assertSessionGone(url);
  await bystandersStillChat('after bad Engine.IO POST');
});

test('an unknown namespace gets connect_error "Invalid namespace"', async () => {
  const socket = io(`${server.url}/no-such-namespace`, { forceNew: true, reconnection: false, auth: { userId: 'nina' } });
  try {
    const err = await next(socket, 'connect_error', 5000);
    assert.equal(err.message, 'Invalid namespace');
    assert.equal(socket.connected, false);
  } finally {
    socket.close();
  }
});

test('an unknown namespace on a shared connection does not affect the main namespace', async () => {
  const main = await connectAs(server, 'nina', { forceNew: true });
  const other = main.io.socket('/admin', { auth: { userId: 'nina' } });
  try {
    const err = await next(other, 'connect_error', 5000);
    assert.equal(err.message, 'Invalid namespace');
    assert.equal(main.connected, true);
    const room = uniqueRoom('nina');
    assert.deepEqual(await call(main, 'room:join', { roomId: room }), { ok: true, roomId: room });
  } finally {
    other.close();
    main.close();
  }
});

test('the bystanders were never disconnected', () => {
  assert.deepEqual(disconnects, []);
  assert.equal(alice.connected, true);
  assert.equal(bob.connected, true);
});
