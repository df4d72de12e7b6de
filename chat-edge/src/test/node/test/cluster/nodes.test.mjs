// Three chat-edge nodes sharing the test run's Redis: room fan-out (exactly once, in seq order),
// user-targeted emits, presence and room:members across nodes, the cluster-wide operations of the
// admin API (with the partial-result rule), @socket.io/redis-emitter from Node.js, and a node
// killed with SIGKILL. The nodes are started once for the file and reused; the SIGKILL test is last.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { Emitter } from '@socket.io/redis-emitter';
import { startCluster } from '../../lib/server.mjs';
import { call, connectAs, next, record, sleep, uniqueRoom, until } from '../../lib/client.mjs';
import { admin, eventually } from '../../lib/cluster.mjs';

const PRESENCE_TTL_MS = 3000;
const REQUEST_TIMEOUT_MS = 1000;
const ID = `n${process.pid}`;
const TRANSPORTS = { polling: { transports: ['polling'] }, websocket: { transports: ['websocket'] } };

let nodes = [];
const sockets = [];
let redis;

/** Connects a socket of `userId` to `node` over `transport`; closed after the file. */
async function connect(node, userId, transport = 'websocket') {
  const socket = await connectAs(node, userId, TRANSPORTS[transport]);
  sockets.push(socket);
  return socket;
}

async function join(socket, roomId) {
  assert.deepEqual(await call(socket, 'room:join', { roomId }), { ok: true, roomId });
}

function bytes(value) {
  return Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);
}

before(async () => {
  nodes = await startCluster(3, {
    idPrefix: ID,
    properties: {
      'parley.cluster.presence-ttl': `${PRESENCE_TTL_MS}ms`,
      'parley.cluster.request-timeout': `${REQUEST_TIMEOUT_MS}ms`,
    },
  });
  redis = createClient({ url: process.env.QUARKUS_REDIS_HOSTS ?? 'redis://127.0.0.1:6390' });
  redis.on('error', () => {});
  await redis.connect();
});

after(async () => {
  for (const socket of sockets) {
    socket.close();
  }
  for (const node of nodes) {
    node.resume();
  }
  await Promise.all(nodes.map((node) => node.stop()));
  await redis?.quit().catch(() => {});
});

describe('three edge nodes', () => {
  // A node still warming up on a busy machine may refuse a send with UNAVAILABLE and retryAfterMs (its
  // overload guard); a client then sends again after that time with the same clientMsgId, as here.
  async function sendRetryingWhenOverloaded(socket, payload) {
    for (let attempt = 1; ; attempt++) {
      const ack = await call(socket, 'message:send', payload, 10_000);
      if (ack.ok || ack.error?.code !== 'UNAVAILABLE' || attempt === 5) {
        return ack;
      }
      await sleep(ack.error.retryAfterMs ?? 250);
    }
  }

  test('a room broadcast reaches every member on every node exactly once, in seq order', async () => {
    const room = uniqueRoom('fanout');
    // one polling and one websocket member per node
    const members = [];
    for (const [i, node] of nodes.entries()) {
      for (const transport of ['polling', 'websocket']) {
        const socket = await connect(node, `fan-${i + 1}-${transport}`, transport);
        await join(socket, room);
        members.push({ socket, seen: record(socket, 'message:new') });
      }
    }
    // one sender per node (its polling member), all sending at the same time
    const perSender = 12;
    const senders = members.filter((m) => m.socket.io.opts.transports[0] === 'polling');
    const acks = await Promise.all(senders.map(async ({ socket }, s) => {
      const out = [];
      for (let k = 0; k < perSender; k++) {
        out.push(sendRetryingWhenOverloaded(socket, { roomId: room, body: `s${s}-${k}`, clientMsgId: `s${s}-${k}` }));
      }
      return Promise.all(out);
    }));
    for (const ack of acks.flat()) {
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
    const total = senders.length * perSender;
    await until(() => members.every((m) => m.seen.length >= total), 15_000, `${total} messages at every member`);
    await sleep(300); // a duplicate would arrive right behind
    const ackedIds = new Set(acks.flat().map((a) => a.id));
    const reference = members[0].seen.map((m) => m.id);
    for (const { socket, seen } of members) {
      const who = socket.auth.userId;
      assert.equal(seen.length, total, `${who}: every message exactly once`);
      assert.deepEqual(new Set(seen.map((m) => m.id)), ackedIds, `${who}: the acked messages`);
      assert.deepEqual(seen.map((m) => m.id), reference, `${who}: the same order as every other member`);
      for (let k = 1; k < seen.length; k++) {
        assert.equal(seen[k].seq, seen[k - 1].seq + 1, `${who}: seq strictly increasing, no gap, at ${k}`);
      }
      for (let s = 0; s < senders.length; s++) {
        const bodies = seen.filter((m) => m.body.startsWith(`s${s}-`)).map((m) => m.body);
        assert.deepEqual(bodies, Array.from({ length: perSender }, (_, k) => `s${s}-${k}`), `${who}: sender ${s} order`);
      }
    }
    // the sender's ack carries the seq every member saw
    const seqById = new Map(members[0].seen.map((m) => [m.id, m.seq]));
    for (const ack of acks.flat()) {
      assert.equal(ack.seq, seqById.get(ack.id));
    }
  });

  test('an emit to user:<id> reaches every socket of the user on every node, and gathers their acks', async () => {
    const user = `multi-${ID}`;
    const mine = [
      await connect(nodes[0], user, 'websocket'),
      await connect(nodes[1], user, 'polling'),
      await connect(nodes[2], user, 'websocket'),
    ];
    const other = await connect(nodes[0], `other-${ID}`, 'websocket');
    const seen = mine.map((s) => record(s, 'notice'));
    const otherSeen = record(other, 'notice');

    const res = await admin(nodes[1], 'POST', 'emit', { in: `user:${user}`, event: 'notice', args: [{ n: 1 }] });
    assert.equal(res.status, 202);
    await until(() => seen.every((s) => s.length >= 1), 5000, 'the notice on every socket of the user');
    await sleep(300);
    assert.deepEqual(seen, [[{ n: 1 }], [{ n: 1 }], [{ n: 1 }]], 'exactly once per socket');
    assert.deepEqual(otherSeen, [], 'another user gets nothing');

    mine.forEach((s, i) => s.on('ping-me', (payload, ack) => ack({ socket: s.id, node: i + 1, echo: payload })));
    const withAcks = await admin(nodes[0], 'POST', 'emit',
      { in: `user:${user}`, event: 'ping-me', args: ['hi'], ackTimeoutMs: 3000 });
    assert.equal(withAcks.status, 200, JSON.stringify(withAcks.body));
    assert.equal(withAcks.body.partial, false);
    assert.equal(withAcks.body.nodesExpected, 3);
    assert.equal(withAcks.body.nodesResponded, 3);
    assert.deepEqual(withAcks.body.acks.map((a) => a.node).sort(), [1, 2, 3], 'one ack from each node');
    assert.deepEqual(new Set(withAcks.body.acks.map((a) => a.socket)), new Set(mine.map((s) => s.id)));
    assert.ok(withAcks.body.acks.every((a) => a.echo === 'hi'));
  });

  test('presence events and room:members cross nodes', async () => {
    const room = uniqueRoom('presence');
    const alice = await connect(nodes[0], `alice-${ID}`, 'websocket');
    const bob = await connect(nodes[1], `bob-${ID}`, 'polling');
    const carol = await connect(nodes[2], `carol-${ID}`, 'websocket');
    const aliceSees = record(alice, 'presence');
    const bobSees = record(bob, 'presence');
    await join(alice, room);
    await join(bob, room);
    await until(() => aliceSees.length >= 1, 5000, 'alice told of bob');
    assert.deepEqual(aliceSees[0], { roomId: room, userId: bob.auth.userId, status: 'online', reason: 'join' });
    await join(carol, room);
    const carolOnline = { roomId: room, userId: carol.auth.userId, status: 'online', reason: 'join' };
    await until(() => aliceSees.length >= 2 && bobSees.length >= 1, 5000, 'alice and bob told of carol');
    assert.deepEqual(aliceSees[1], carolOnline);
    assert.deepEqual(bobSees[0], carolOnline);

    // a second socket of bob on another node changes nothing
    const bob2 = await connect(nodes[2], bob.auth.userId, 'websocket');
    await join(bob2, room);

    const members = await call(carol, 'room:members', { roomId: room });
    assert.equal(members.ok, true);
    assert.equal(members.total, 3);
    assert.deepEqual(members.members, [alice, bob, carol].map((s) => ({ userId: s.auth.userId, status: 'online' })));

    const carolSees = record(carol, 'presence');
    bob.close();
    await sleep(500);
    assert.deepEqual([...aliceSees.slice(2), ...carolSees], [], 'bob is still online through his other socket');
    bob2.close();
    const bobOffline = { roomId: room, userId: bob.auth.userId, status: 'offline', reason: 'disconnect' };
    await until(() => aliceSees.length >= 3 && carolSees.length >= 1, 5000, 'alice and carol told bob left');
    assert.deepEqual(aliceSees[2], bobOffline);
    assert.deepEqual(carolSees[0], bobOffline);
    const remaining = await call(alice, 'room:members', { roomId: room });
    assert.deepEqual(remaining.members.map((m) => m.userId), [alice.auth.userId, carol.auth.userId]);
  });

  test('admin API: server count, fetchSockets, socketsJoin/Leave and disconnectSockets across nodes', async () => {
    for (const node of nodes) {
      const res = await admin(node, 'GET', 'nodes');
      assert.equal(res.status, 200);
      assert.equal(res.body.servers, 3, 'server count = number of nodes');
      assert.equal(res.body.node, node.nodeId);
    }
    const room = uniqueRoom('ops');
    const extra = uniqueRoom('ops-extra');
    const members = [];
    for (const [i, node] of nodes.entries()) {
      const socket = await connect(node, `ops-${i + 1}-${ID}`, i === 1 ? 'polling' : 'websocket');
      await join(socket, room);
      members.push(socket);
    }
    const outsider = await connect(nodes[0], `ops-outsider-${ID}`, 'websocket');

    const fetched = await admin(nodes[0], 'GET', `sockets?room=${room}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.body.partial, false);
    assert.equal(fetched.body.nodesExpected, 3);
    assert.equal(fetched.body.nodesResponded, 3);
    const byId = new Map(fetched.body.sockets.map((s) => [s.id, s]));
    assert.equal(byId.size, 3, JSON.stringify(fetched.body.sockets));
    members.forEach((socket, i) => {
      const info = byId.get(socket.id);
      assert.ok(info, `socket on node ${i + 1} listed`);
      assert.equal(info.userId, socket.auth.userId);
      assert.equal(info.nodeId, nodes[i].nodeId);
      assert.deepEqual(new Set(info.rooms), new Set([socket.id, `user:${socket.auth.userId}`, room]));
    });
    assert.equal(byId.has(outsider.id), false);

    const except = await admin(nodes[2], 'GET', `sockets?room=${room}&except=user:${members[0].auth.userId}`);
    assert.deepEqual(new Set(except.body.sockets.map((s) => s.id)), new Set([members[1].id, members[2].id]));

    // socketsJoin: every member, on every node, joins `extra` and gets what is emitted to it
    assert.equal((await admin(nodes[1], 'POST', 'sockets/join', { in: room, rooms: [extra] })).status, 202);
    await eventually(async () => (await admin(nodes[0], 'GET', `sockets?room=${extra}`)).body.sockets.length === 3,
      5000, 'three sockets in the joined room');
    const got = members.map((s) => record(s, 'extra-news'));
    const outsiderGot = record(outsider, 'extra-news');
    await admin(nodes[0], 'POST', 'emit', { in: extra, event: 'extra-news', args: ['x'] });
    await until(() => got.every((g) => g.length === 1), 5000, 'extra-news at every member');

    // socketsLeave: all but the first leave it again
    const stay = members[0];
    await admin(nodes[2], 'POST', 'sockets/leave', { in: extra, except: stay.id, rooms: [extra] });
    await eventually(async () => (await admin(nodes[1], 'GET', `sockets?room=${extra}`)).body.sockets.length === 1,
      5000, 'one socket left in the room');
    await admin(nodes[1], 'POST', 'emit', { in: extra, event: 'extra-news', args: ['y'] });
    await until(() => got[0].length === 2, 5000, 'the remaining member gets the second emit');
    await sleep(300);
    assert.deepEqual(got, [['x', 'y'], ['x'], ['x']]);
    assert.deepEqual(outsiderGot, []);

    // disconnectSockets: the members on nodes 2 and 3, selected from node 1
    const reasons = members.map((s) => next(s, 'disconnect', 5000).then(([reason]) => reason).catch(() => null));
    const res = await admin(nodes[0], 'POST', 'sockets/disconnect', { in: room, except: stay.id });
    assert.equal(res.status, 202);
    assert.deepEqual(await Promise.all(reasons.slice(1)), ['io server disconnect', 'io server disconnect']);
    assert.equal(stay.connected, true);
    assert.equal(outsider.connected, true);
    const left = await admin(nodes[2], 'GET', `sockets?room=${room}`);
    assert.deepEqual(left.body.sockets.map((s) => s.id), [stay.id]);
  });

  test('partial-result rule: a frozen node makes fetchSockets return partial after the request timeout', async () => {
    const room = uniqueRoom('partial');
    const members = [];
    for (const [i, node] of nodes.entries()) {
      const socket = await connect(node, `partial-${i + 1}-${ID}`, 'websocket');
      await join(socket, room);
      members.push(socket);
    }
    nodes[2].suspend();
    let res;
    let took;
    try {
      const start = Date.now();
      res = await admin(nodes[0], 'GET', `sockets?room=${room}`);
      took = Date.now() - start;
    } finally {
      nodes[2].resume();
    }
    assert.equal(res.status, 200);
    assert.equal(res.body.partial, true);
    assert.equal(res.body.nodesExpected, 3);
    assert.equal(res.body.nodesResponded, 2);
    assert.deepEqual(new Set(res.body.sockets.map((s) => s.id)), new Set([members[0].id, members[1].id]));
    assert.ok(took >= REQUEST_TIMEOUT_MS - 50 && took < REQUEST_TIMEOUT_MS + 4000, `answered after ${took} ms`);
    // once it runs again, the answer is whole
    const whole = await eventually(async () => {
      const r = await admin(nodes[0], 'GET', `sockets?room=${room}`);
      return r.body.partial === false && r;
    }, 10_000, 'a whole answer');
    assert.equal(whole.body.sockets.length, 3);
  });

  test('@socket.io/redis-emitter reaches members on every node: room, user, binary, socketsJoin, disconnectSockets', async () => {
    const emitter = new Emitter(redis);
    const room = uniqueRoom('emitter');
    const joined = uniqueRoom('emitter-joined');
    const members = [];
    for (const [i, node] of nodes.entries()) {
      const socket = await connect(node, `em-${i + 1}-${ID}`, i === 1 ? 'polling' : 'websocket');
      await join(socket, room);
      members.push(socket);
    }
    const user = `em-user-${ID}`;
    const userSockets = [await connect(nodes[0], user, 'polling'), await connect(nodes[2], user, 'websocket')];
    const outsider = await connect(nodes[1], `em-outsider-${ID}`, 'websocket');
    const seen = [...members, ...userSockets, outsider].map((s) => {
      const events = [];
      s.onAny((event, ...args) => events.push([event, ...args]));
      return events;
    });
    const roomSeen = seen.slice(0, 3);
    const userSeen = seen.slice(3, 5);
    const outsiderSeen = seen[5];

    emitter.to(room).emit('news', { text: 'to the room' }, 2);
    await until(() => roomSeen.every((s) => s.length >= 1), 5000, 'news at every member');
    emitter.to(`user:${user}`).emit('direct', 'to the user');
    await until(() => userSeen.every((s) => s.length >= 1), 5000, 'direct at every socket of the user');
    const blob = Buffer.from([0, 1, 2, 253, 254, 255]);
    emitter.to(room).emit('blob', blob, 'caption');
    await until(() => roomSeen.every((s) => s.length >= 2), 5000, 'blob at every member');
    await sleep(300);
    for (const s of roomSeen) {
      assert.equal(s.length, 2, JSON.stringify(s));
      assert.deepEqual(s[0], ['news', { text: 'to the room' }, 2]);
      assert.equal(s[1][0], 'blob');
      assert.deepEqual(bytes(s[1][1]), blob, 'binary argument byte for byte');
      assert.equal(s[1][2], 'caption');
    }
    assert.deepEqual(userSeen, [[['direct', 'to the user']], [['direct', 'to the user']]]);
    assert.deepEqual(outsiderSeen, []);

    emitter.in(room).socketsJoin(joined);
    await eventually(async () => (await admin(nodes[0], 'GET', `sockets?room=${joined}`)).body.sockets.length === 3,
      5000, 'every member in the joined room');
    emitter.to(joined).emit('joined-news');
    await until(() => roomSeen.every((s) => s.length >= 3), 5000, 'joined-news at every member');
    assert.ok(roomSeen.every((s) => s[2][0] === 'joined-news'));

    const reasons = members.map((s) => next(s, 'disconnect', 5000).then(([reason]) => reason));
    emitter.in(room).disconnectSockets();
    assert.deepEqual(await Promise.all(reasons), Array(3).fill('io server disconnect'));
    assert.equal(outsider.connected, true);
    assert.ok(userSockets.every((s) => s.connected));
  });

  // last: it kills node 3
  test('a node killed with SIGKILL: its users go offline (node-down) within the TTL, the others keep serving', async () => {
    const room = uniqueRoom('killed');
    const watcher1 = await connect(nodes[0], `watch-1-${ID}`, 'websocket');
    const watcher2 = await connect(nodes[1], `watch-2-${ID}`, 'polling');
    const doomed = await connect(nodes[2], `doomed-${ID}`, 'websocket');
    await join(watcher1, room);
    await join(watcher2, room);
    const seen1 = record(watcher1, 'presence');
    const seen2 = record(watcher2, 'presence');
    await join(doomed, room);
    await until(() => seen1.length >= 1 && seen2.length >= 1, 5000, 'doomed online on both nodes');
    assert.equal((await call(watcher1, 'room:members', { roomId: room })).total, 3);
    seen1.length = 0;
    seen2.length = 0;

    const killedAt = Date.now();
    await nodes[2].kill();
    const offline = { roomId: room, userId: doomed.auth.userId, status: 'offline', reason: 'node-down' };
    const bound = PRESENCE_TTL_MS + PRESENCE_TTL_MS / 3 + 3000;
    await until(() => seen1.length >= 1 && seen2.length >= 1, bound, 'node-down presence on both surviving nodes');
    console.log(`# node-down presence ${Date.now() - killedAt} ms after SIGKILL (presence TTL ${PRESENCE_TTL_MS} ms)`);
    assert.deepEqual(seen1, [offline]);
    assert.deepEqual(seen2, [offline]);
    const members = await call(watcher2, 'room:members', { roomId: room });
    assert.deepEqual(members.members.map((m) => m.userId), [watcher1.auth.userId, watcher2.auth.userId]);

    // the survivors still chat and count two servers
    const got = record(watcher2, 'message:new');
    const ack = await call(watcher1, 'message:send', { roomId: room, body: 'still here' });
    assert.equal(ack.ok, true);
    await until(() => got.length === 1, 5000, 'the message on the other surviving node');
    assert.equal(got[0].body, 'still here');
    const count = await eventually(async () => {
      const r = await admin(nodes[0], 'GET', 'nodes');
      return r.body.servers === 2 && r;
    }, 5000, 'server count 2');
    assert.equal(count.body.servers, 2);
    const fetched = await admin(nodes[1], 'GET', `sockets?room=${room}`);
    assert.equal(fetched.body.partial, false);
    assert.deepEqual(new Set(fetched.body.sockets.map((s) => s.nodeId)), new Set([nodes[0].nodeId, nodes[1].nodeId]));
  });
});
