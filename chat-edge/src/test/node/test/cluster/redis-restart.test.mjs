// Redis stopped and started again under two running edge nodes (stack/redis.sh, on a Redis of the
// test's own so that nothing else of the run loses its Redis): while it is down, sends get
// UNAVAILABLE, the nodes report not ready and keep their sockets; once it is back, broadcasts
// flow again without restarting a node. The test stack's Redis has no persistence, so sequence
// numbers restart after the restart: only delivery is asserted then, not numbering.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startCluster } from '../../lib/server.mjs';
import { call, connectAs, record, sleep, uniqueRoom, until } from '../../lib/client.mjs';
import { RedisStack, eventually } from '../../lib/cluster.mjs';

const stack = new RedisStack();
let nodes = [];
const sockets = [];

before(async () => {
  const port = await freePort();
  await stack.start('restart', port);
  nodes = await startCluster(2, {
    idPrefix: `restart-${process.pid}`,
    properties: { 'quarkus.redis.hosts': `redis://127.0.0.1:${port}` },
  });
});

after(async () => {
  for (const socket of sockets) {
    socket.close();
  }
  await Promise.all(nodes.map((node) => node.stop()));
  await stack.stopAll();
});

test('Redis down: UNAVAILABLE, not ready, sockets kept; Redis back: chat flows again on the same nodes', async () => {
  const room = uniqueRoom('restart');
  const alice = await connectAs(nodes[0], 'alice', { transports: ['websocket'] });
  const bob = await connectAs(nodes[1], 'bob', { transports: ['polling'] });
  sockets.push(alice, bob);
  const disconnects = [];
  for (const s of sockets) {
    s.on('disconnect', (reason) => disconnects.push(`${s.auth.userId}: ${reason}`));
  }
  for (const s of sockets) {
    assert.equal((await call(s, 'room:join', { roomId: room })).ok, true);
  }
  const bobGot = record(bob, 'message:new');
  const aliceGot = record(alice, 'message:new');
  assert.equal((await call(alice, 'message:send', { roomId: room, body: 'before' })).ok, true);
  await until(() => bobGot.length === 1, 5000, 'the first message at bob');

  await stack.stop('restart');
  const downAt = Date.now();
  for (const node of nodes) {
    await eventually(async () => (await node.readiness()) === 503, 10_000, `node ${node.nodeId} not ready`);
  }
  const refused = await call(alice, 'message:send', { roomId: room, body: 'while down' }, 10_000);
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'UNAVAILABLE');
  const refusedToo = await call(bob, 'message:send', { roomId: room, body: 'while down' }, 10_000);
  assert.equal(refusedToo.error?.code, 'UNAVAILABLE');
  await sleep(200);
  assert.deepEqual(bobGot.map((m) => m.body), ['before'], 'nothing went out while Redis was down');
  assert.ok(alice.connected && bob.connected, 'sockets kept');
  console.log(`# Redis down for ${Date.now() - downAt} ms: both nodes not ready, sends UNAVAILABLE, sockets kept`);

  await stack.start('restart');
  const upAt = Date.now();
  for (const node of nodes) {
    await eventually(async () => (await node.readiness()) === 200, 15_000, `node ${node.nodeId} ready again`);
  }
  // the first sends may still meet a pool connection that died with the old Redis: retry for a while
  const ack = await eventually(async () => {
    const a = await call(alice, 'message:send', { roomId: room, body: 'after' }, 5000);
    return a.ok && a;
  }, 15_000, 'a successful send after the restart');
  console.log(`# Redis back: first successful send ${Date.now() - upAt} ms after the restart (seq ${ack.seq})`);
  await until(() => bobGot.some((m) => m.body === 'after'), 5000, 'the message at bob on the other node');
  assert.equal((await call(bob, 'message:send', { roomId: room, body: 'reply' })).ok, true);
  await until(() => aliceGot.some((m) => m.body === 'reply'), 5000, 'the reply at alice');
  await sleep(200);
  assert.deepEqual(bobGot.map((m) => m.body), ['before', 'after', 'reply'], 'each message exactly once at bob');
  assert.deepEqual(aliceGot.map((m) => m.body), ['before', 'after', 'reply'], 'each message exactly once at alice');
  assert.deepEqual(disconnects, [], 'no socket was disconnected');
});
