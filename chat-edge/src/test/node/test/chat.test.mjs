// (b) Two users on different transports chat both ways in a room: every message arrives exactly
// once, in order, with the documented fields, also at its sender; a user outside the room gets
// nothing. (c) Typing reaches the other members, not the sender.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { connectAs, call, record, until, sleep, uniqueRoom } from '../lib/client.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server;
let alice; // polling only
let bob; // websocket only
let carol; // connected, never in the room
before(async () => {
  server = await startServer();
  alice = await connectAs(server, 'alice', { transports: ['polling'] });
  bob = await connectAs(server, 'bob', { transports: ['websocket'] });
  carol = await connectAs(server, 'carol');
});
after(async () => {
  for (const s of [alice, bob, carol]) {
    s?.close();
  }
  await server?.stop();
});

test('the users are on the transports they asked for', () => {
  assert.equal(alice.io.engine.transport.name, 'polling');
  assert.equal(bob.io.engine.transport.name, 'websocket');
});

test('a polling user and a websocket user chat both ways; an outsider sees nothing', async () => {
  const roomId = uniqueRoom('chat');
  assert.deepEqual(await call(alice, 'room:join', { roomId }), { ok: true, roomId });
  assert.deepEqual(await call(bob, 'room:join', { roomId }), { ok: true, roomId });
  // carol is busy in a room of her own
  const carolsRoom = uniqueRoom('elsewhere');
  assert.deepEqual(await call(carol, 'room:join', { roomId: carolsRoom }), { ok: true, roomId: carolsRoom });

  const atAlice = record(alice, 'message:new');
  const atBob = record(bob, 'message:new');
  const atCarol = record(carol, 'message:new');

  const perSender = 15;
  const sent = { alice: [], bob: [] };
  const acks = [];
  const started = Date.now();
  // Both users send without waiting for acks, interleaved: the server must keep each sender's order.
  for (let i = 0; i < perSender; i++) {
    for (const [name, socket] of [['alice', alice], ['bob', bob]]) {
      const body = `${name} says ${i} ✓ <b>&amp;</b> "quoted"`;
      const clientMsgId = `${name}-${i}`;
      sent[name].push({ body, clientMsgId });
      acks.push(call(socket, 'message:send', { roomId, body, clientMsgId }).then((ack) => ({ name, clientMsgId, ack })));
    }
  }
  const settled = await Promise.all(acks);
  const total = 2 * perSender;
  await until(() => atAlice.length >= total && atBob.length >= total, 10_000, 'all messages at both users');
  await sleep(300); // anything extra (a duplicate) would arrive now
  const finished = Date.now();

  const ackByClientId = new Map(settled.map(({ clientMsgId, ack }) => [clientMsgId, ack]));
  for (const { ack } of settled) {
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.match(ack.id, UUID);
    assert.equal(typeof ack.ts, 'number');
  }

  for (const [who, inbox] of [['alice', atAlice], ['bob', atBob]]) {
    assert.equal(inbox.length, total, `${who} got ${inbox.length} messages, expected ${total}`);
    assert.equal(new Set(inbox.map((m) => m.id)).size, total, `${who} got a message twice`);
    for (const message of inbox) {
      assert.deepEqual(Object.keys(message).sort(), ['body', 'clientMsgId', 'id', 'roomId', 'senderId', 'seq', 'ts']);
      assert.equal(message.roomId, roomId);
      assert.match(message.id, UUID);
      assert.ok(message.ts >= started - 1000 && message.ts <= finished + 1000, `ts ${message.ts} is not now`);
      const ack = ackByClientId.get(message.clientMsgId);
      assert.ok(ack, `unknown clientMsgId ${message.clientMsgId}`);
      assert.equal(message.id, ack.id, 'message id equals the id in the sender\'s ack');
      assert.equal(message.ts, ack.ts, 'message ts equals the ts in the sender\'s ack');
      assert.equal(message.seq, ack.seq, 'message seq equals the seq in the sender\'s ack');
    }
    for (const sender of ['alice', 'bob']) {
      const got = inbox.filter((m) => m.senderId === sender).map(({ body, clientMsgId }) => ({ body, clientMsgId }));
      assert.deepEqual(got, sent[sender], `${who} sees ${sender}'s messages in the order sent`);
    }
    // the sender sees its own messages too
    assert.equal(inbox.filter((m) => m.senderId === who).length, perSender, `${who} sees its own messages`);
  }
  // both users see the same history, in the same order: the room's sequence, without gaps
  assert.deepEqual(atAlice.map((m) => m.id), atBob.map((m) => m.id));
  const seqs = atAlice.map((m) => m.seq);
  for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `seq ${seqs[i]} follows ${seqs[i - 1]}`);
  assert.deepEqual(atCarol, [], 'a user outside the room receives nothing');
});

test('a message without clientMsgId carries clientMsgId null', async () => {
  const roomId = uniqueRoom('plain');
  await call(alice, 'room:join', { roomId });
  await call(bob, 'room:join', { roomId });
  const atBob = record(bob, 'message:new');
  const ack = await call(alice, 'message:send', { roomId, body: 'hi bob' });
  assert.equal(ack.ok, true);
  await until(() => atBob.length === 1, 5000, 'message at bob');
  assert.deepEqual(atBob[0], { id: ack.id, roomId, senderId: 'alice', body: 'hi bob', clientMsgId: null, ts: ack.ts, seq: ack.seq });
});

test('after leaving a room a user no longer receives its messages', async () => {
  const roomId = uniqueRoom('leave');
  await call(alice, 'room:join', { roomId });
  await call(bob, 'room:join', { roomId });
  assert.deepEqual(await call(bob, 'room:leave', { roomId }), { ok: true });
  const atBob = record(bob, 'message:new');
  const atAlice = record(alice, 'message:new');
  assert.equal((await call(alice, 'message:send', { roomId, body: 'anyone?' })).ok, true);
  await until(() => atAlice.length === 1, 5000, 'own message at alice');
  await sleep(300);
  assert.deepEqual(atBob, []);
  const refused = await call(bob, 'message:send', { roomId, body: 'let me in' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'NOT_A_MEMBER');
});

// Typing is a volatile emit: like the reference server, chat-edge drops it for a client whose
// transport cannot take it at once (a polling client between two GETs). A user who keeps typing
// sends it again, so the test does too, until the other member has seen it.
async function typeUntilSeen(socket, payload, inbox) {
  for (let attempt = 0; attempt < 20 && inbox.length === 0; attempt++) {
    assert.deepEqual(await call(socket, 'typing', payload), { ok: true });
    const deadline = Date.now() + 250;
    while (inbox.length === 0 && Date.now() < deadline) {
      await sleep(10);
    }
  }
  assert.ok(inbox.length > 0, 'typing never arrived');
}

test('typing reaches the other member, not the sender nor an outsider', async () => {
  const roomId = uniqueRoom('typing');
  await call(alice, 'room:join', { roomId });
  await call(bob, 'room:join', { roomId });
  const atAlice = record(alice, 'typing');
  const atBob = record(bob, 'typing');
  const atCarol = record(carol, 'typing');

  await typeUntilSeen(alice, { roomId, typing: true }, atBob);
  assert.deepEqual(atBob[0], { roomId, userId: 'alice', typing: true });

  await typeUntilSeen(bob, { roomId, typing: false }, atAlice);
  assert.deepEqual(atAlice[0], { roomId, userId: 'bob', typing: false });

  await sleep(300);
  assert.ok(atBob.every((t) => t.userId === 'alice'), 'bob does not get his own typing');
  assert.ok(atAlice.every((t) => t.userId === 'bob'), 'alice does not get her own typing');
  assert.deepEqual(atCarol, [], 'an outsider gets no typing');
});

test('typing to a room the user has not joined is refused', async () => {
  const reply = await call(carol, 'typing', { roomId: uniqueRoom('not-joined'), typing: true });
  assert.equal(reply.ok, false);
  assert.equal(reply.error.code, 'NOT_A_MEMBER');
});
