// (f) Every documented error code, as a client sees it: AUTH_REQUIRED as a connect_error, the
// others as failed acks {ok:false, error:{code, message}}.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer } from '../lib/server.mjs';
import { connectAs, call, next, record, sleep, until, uniqueRoom } from '../lib/client.mjs';

let server;
let user;
before(async () => {
  server = await startServer();
  user = await connectAs(server, 'erin');
});
after(async () => {
  user?.close();
  await server?.stop();
});

function assertFailure(reply, code) {
  assert.equal(reply.ok, false, `expected ${code}, got ${JSON.stringify(reply)}`);
  assert.equal(reply.error.code, code, JSON.stringify(reply));
  assert.equal(typeof reply.error.message, 'string');
  assert.ok(reply.error.message.length > 0);
}

for (const [what, auth] of [['no auth', undefined], ['auth without userId', { token: 'x' }],
  ['a userId that is not a string', { userId: 42 }], ['an empty userId', { userId: '' }]]) {
  test(`AUTH_REQUIRED (insecure-dev): connecting with ${what} gives connect_error "Authentication required"`, async () => {
    const socket = io(server.url, { forceNew: true, reconnection: false, ...(auth ? { auth } : {}) });
    try {
      const err = await next(socket, 'connect_error', 5000);
      assert.equal(err.message, 'Authentication required');
      assert.equal(err.data.code, 'AUTH_REQUIRED');
      assert.equal(socket.connected, false);
    } finally {
      socket.close();
    }
  });
}

test('BAD_REQUEST: malformed payloads of every event', async () => {
  const roomId = uniqueRoom('bad');
  await call(user, 'room:join', { roomId });
  const cases = [
    ['room:join', undefined],
    ['room:join', 'just-a-string'],
    ['room:join', {}],
    ['room:join', { roomId: 42 }],
    ['room:join', { roomId: '' }],
    ['room:join', { roomId: 'has spaces' }],
    ['room:join', { roomId: 'x'.repeat(129) }],
    ['room:leave', { roomId: null }],
    ['message:send', { roomId, body: '' }],
    ['message:send', { roomId, body: '   ' }],
    ['message:send', { roomId, body: 7 }],
    ['message:send', { roomId }],
    ['message:send', { roomId, body: 'ok', clientMsgId: 5 }],
    ['message:send', { roomId, body: 'ok', clientMsgId: 'c'.repeat(65) }],
    ['message:send', { body: 'no room' }],
    ['typing', { roomId }],
    ['typing', { roomId, typing: 'yes' }],
  ];
  for (const [event, payload] of cases) {
    const reply = payload === undefined
      ? await user.timeout(5000).emitWithAck(event)
      : await call(user, event, payload);
    assertFailure(reply, 'BAD_REQUEST');
  }
  // nothing above was sent to the room
  const seen = record(user, 'message:new');
  await sleep(200);
  assert.deepEqual(seen, []);
});

test('FORBIDDEN: rooms starting with "user:" cannot be joined, left or sent to', async () => {
  assertFailure(await call(user, 'room:join', { roomId: 'user:bob' }), 'FORBIDDEN');
  assertFailure(await call(user, 'room:join', { roomId: 'user:erin' }), 'FORBIDDEN');
  assertFailure(await call(user, 'room:leave', { roomId: 'user:erin' }), 'FORBIDDEN');
  assertFailure(await call(user, 'message:send', { roomId: 'user:bob', body: 'psst' }), 'FORBIDDEN');
});

test('NOT_A_MEMBER: sending or typing to a room not joined', async () => {
  const roomId = uniqueRoom('stranger');
  assertFailure(await call(user, 'message:send', { roomId, body: 'hello?' }), 'NOT_A_MEMBER');
  assertFailure(await call(user, 'typing', { roomId, typing: true }), 'NOT_A_MEMBER');
});

test('TOO_LARGE: a body of 4001 characters; 4000 is fine', async () => {
  const roomId = uniqueRoom('large');
  await call(user, 'room:join', { roomId });
  assertFailure(await call(user, 'message:send', { roomId, body: 'x'.repeat(4001) }), 'TOO_LARGE');
  const seen = record(user, 'message:new');
  const ack = await call(user, 'message:send', { roomId, body: 'y'.repeat(4000) });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  await until(() => seen.length === 1, 5000, 'the 4000-character message');
  assert.equal(seen[0].body.length, 4000);
});

test('TOO_MANY_ROOMS: the 101st room of a socket is refused; leaving one makes room', async () => {
  const socket = await connectAs(server, 'roomy', { transports: ['websocket'] });
  try {
    const rooms = Array.from({ length: 100 }, (_, i) => `many-${i}`);
    const joins = await Promise.all(rooms.map((roomId) => call(socket, 'room:join', { roomId })));
    joins.forEach((reply, i) => assert.deepEqual(reply, { ok: true, roomId: rooms[i] }));
    assertFailure(await call(socket, 'room:join', { roomId: 'many-100' }), 'TOO_MANY_ROOMS');
    // joining a room again is not a new room
    assert.deepEqual(await call(socket, 'room:join', { roomId: 'many-0' }), { ok: true, roomId: 'many-0' });
    assert.deepEqual(await call(socket, 'room:leave', { roomId: 'many-0' }), { ok: true });
    assert.deepEqual(await call(socket, 'room:join', { roomId: 'many-100' }), { ok: true, roomId: 'many-100' });
  } finally {
    socket.close();
  }
});

test('RATE_LIMITED: a burst beyond the limit is refused with retryAfterMs, and sending works again later', async () => {
  const socket = await connectAs(server, 'chatty', { transports: ['websocket'] });
  try {
    const roomId = uniqueRoom('rate');
    await call(socket, 'room:join', { roomId });
    const seen = record(socket, 'message:new');
    const replies = await Promise.all(Array.from({ length: 60 },
      (_, i) => call(socket, 'message:send', { roomId, body: `burst ${i}` })));
    const accepted = replies.filter((r) => r.ok);
    const limited = replies.filter((r) => !r.ok);
    assert.ok(accepted.length >= 40, `the burst of 40 goes through (${accepted.length} did)`);
    assert.ok(limited.length > 0, 'some sends are refused');
    for (const reply of limited) {
      assertFailure(reply, 'RATE_LIMITED');
      assert.equal(typeof reply.error.retryAfterMs, 'number');
      assert.ok(reply.error.retryAfterMs > 0 && reply.error.retryAfterMs <= 1000, `retryAfterMs ${reply.error.retryAfterMs}`);
    }
    await until(() => seen.length === accepted.length, 5000, 'accepted messages');
    await sleep(100);
    assert.equal(seen.length, accepted.length, 'refused messages are not delivered');
    const wait = Math.max(...limited.map((r) => r.error.retryAfterMs));
    await sleep(wait + 20);
    const again = await call(socket, 'message:send', { roomId, body: 'after waiting' });
    assert.equal(again.ok, true, JSON.stringify(again));
  } finally {
    socket.close();
  }
});

test('UNKNOWN_EVENT: an event the server does not know', async () => {
  assertFailure(await call(user, 'room:destroy', { roomId: 'r' }), 'UNKNOWN_EVENT');
  assertFailure(await user.timeout(5000).emitWithAck('nope'), 'UNKNOWN_EVENT');
});

test('after all these errors the socket is still connected and works', async () => {
  assert.equal(user.connected, true);
  const roomId = uniqueRoom('still');
  assert.deepEqual(await call(user, 'room:join', { roomId }), { ok: true, roomId });
  assert.equal((await call(user, 'message:send', { roomId, body: 'still here' })).ok, true);
});
