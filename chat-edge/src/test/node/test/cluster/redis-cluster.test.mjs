// Two edge nodes on a Redis Cluster of three masters (stack/redis.sh --cluster and cluster-create,
// under a state folder of the test's own), configured with quarkus.redis.client-type=cluster: room
// broadcast across nodes exactly once and in seq order, resend deduplication, presence and
// room:members (whose scripts run on one slot thanks to the {presence} hash tag), emits to a user
// on the other node, rate limits, and the keys spread over more than one shard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startCluster } from '../../lib/server.mjs';
import { call, connectAs, record, sleep, uniqueRoom, until } from '../../lib/client.mjs';
import { RedisStack, admin } from '../../lib/cluster.mjs';

const stack = new RedisStack();
let nodes = [];
const sockets = [];
let ports = [];

before(async () => {
  ports = [await freePort(), await freePort(), await freePort()];
  for (const port of ports) {
    await stack.start(`cluster-${port}`, port, { cluster: true });
  }
  await stack.script('cluster-create', ...ports.map(String));
  nodes = await startCluster(2, {
    idPrefix: `rcluster-${process.pid}`,
    properties: {
      'quarkus.redis.client-type': 'cluster',
      'quarkus.redis.hosts': ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    },
  });
});

after(async () => {
  for (const socket of sockets) {
    socket.close();
  }
  await Promise.all(nodes.map((node) => node.stop()));
  await stack.stopAll();
});

async function connect(node, userId, transport = 'websocket') {
  const socket = await connectAs(node, userId, { transports: [transport] });
  sockets.push(socket);
  return socket;
}

test('on a Redis Cluster, rooms, seq, dedup, presence and user emits work across two nodes', async () => {
  const rooms = [uniqueRoom('rc-a'), uniqueRoom('rc-b'), uniqueRoom('rc-c'), uniqueRoom('rc-d')];
  const alice = await connect(nodes[0], 'rc-alice');
  const bobSees = [];
  const bob = await connect(nodes[1], 'rc-bob', 'polling');
  const bobPresence = record(bob, 'presence');
  for (const room of rooms) {
    assert.equal((await call(bob, 'room:join', { roomId: room })).ok, true);
    assert.equal((await call(alice, 'room:join', { roomId: room })).ok, true);
  }
  await until(() => bobPresence.some((p) => p.userId === 'rc-alice' && p.status === 'online'), 5000,
    'alice online at bob (presence across nodes)');
  bob.on('message:new', (m) => bobSees.push(m));

  // several rooms: their seq and dedup keys hash to different slots, so to different shards
  const acked = new Map(rooms.map((r) => [r, []]));
  for (let n = 0; n < 20; n++) {
    const room = rooms[n % rooms.length];
    const ack = await call(alice, 'message:send', { roomId: room, body: `m${n}`, clientMsgId: `c${n}` });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    acked.get(room).push(ack);
  }
  for (const [room, acks] of acked) {
    assert.deepEqual(acks.map((a) => a.seq), acks.map((_, i) => i + 1), `seq 1.. in ${room}`);
  }
  // a resend with the same clientMsgId is the original
  const again = await call(alice, 'message:send', { roomId: rooms[0], body: 'm0', clientMsgId: 'c0' });
  assert.equal(again.duplicate, true);
  assert.equal(again.id, acked.get(rooms[0])[0].id);

  await until(() => bobSees.length >= 20, 10_000, 'twenty messages at bob on the other node');
  await sleep(200);
  assert.equal(bobSees.length, 20, 'each message exactly once');
  for (const room of rooms) {
    assert.deepEqual(bobSees.filter((m) => m.roomId === room).map((m) => m.seq),
      acked.get(room).map((a) => a.seq), `bob got ${room} in seq order`);
  }
  const shards = new Set();
  for (const port of ports) {
    if (Number(await RedisStack.cli(port, 'DBSIZE')) > 0) {
      shards.add(port);
    }
  }
  assert.ok(shards.size >= 2, `keys on more than one shard (${[...shards].join(', ')})`);

  // room:members through the presence scripts, from either node
  const members = await call(bob, 'room:members', { roomId: rooms[1] });
  assert.deepEqual(members.members.map((m) => m.userId), ['rc-alice', 'rc-bob']);

  // a server-side emit to a user reaches the user's socket on the other node
  const toBob = record(bob, 'notice');
  const res = await admin(nodes[0], 'POST', 'emit', { in: 'user:rc-bob', event: 'notice', args: [{ hi: 1 }] });
  assert.ok(res.status < 300, JSON.stringify(res));
  await until(() => toBob.length === 1, 5000, 'the emit to user:rc-bob');

  // the last socket of alice goes: offline at bob, and gone from the members
  alice.close();
  await until(() => bobPresence.some((p) => p.userId === 'rc-alice' && p.status === 'offline'), 5000,
    'alice offline at bob');
  const after = await call(bob, 'room:members', { roomId: rooms[1] });
  assert.deepEqual(after.members.map((m) => m.userId), ['rc-bob']);
  for (const node of nodes) {
    assert.equal(await node.readiness(), 200, `${node.nodeId} ready`);
  }
});
