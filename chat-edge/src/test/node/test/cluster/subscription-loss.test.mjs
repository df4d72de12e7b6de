// A node's Redis subscription lost while the cluster goes on: the subscriber connections are
// killed in Redis (CLIENT KILL TYPE pubsub), node 1 resubscribes at once, node 2 only after a
// long reconnect delay. Messages sent on node 1 in between are acked, and published while node 2
// was not subscribed; node 2 replays them from the room's replay log when it is back, before any
// newer message: its member gets every message exactly once, in seq order. Without the replay the
// messages of the gap never reach node 2.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startCluster } from '../../lib/server.mjs';
import { call, connectAs, record, sleep, uniqueRoom, until } from '../../lib/client.mjs';
import { RedisStack, eventually } from '../../lib/cluster.mjs';

const stack = new RedisStack();
let redisPort;
let nodes = [];
const sockets = [];

before(async () => {
  redisPort = await freePort();
  await stack.start('subloss', redisPort);
  const hosts = { 'quarkus.redis.hosts': `redis://127.0.0.1:${redisPort}` };
  const [fast] = await startCluster(1, { idPrefix: `subloss-fast-${process.pid}`, properties: hosts });
  const [slow] = await startCluster(1, {
    idPrefix: `subloss-slow-${process.pid}`,
    properties: {
      ...hosts,
      'parley.cluster.reconnect-initial-delay': '4s',
      'parley.cluster.reconnect-max-delay': '4s',
    },
  });
  nodes = [fast, slow];
});

after(async () => {
  for (const socket of sockets) {
    socket.close();
  }
  await Promise.all(nodes.map((node) => node.stop()));
  await stack.stopAll();
});

test('messages published while a node was unsubscribed reach its members after it is back, once and in order', async () => {
  const room = uniqueRoom('subloss');
  const channel = `socket.io#/#${room}#`;
  const alice = await connectAs(nodes[0], 'alice', { transports: ['websocket'] });
  const bob = await connectAs(nodes[1], 'bob', { transports: ['websocket'] });
  sockets.push(alice, bob);
  for (const s of [alice, bob]) {
    assert.equal((await call(s, 'room:join', { roomId: room })).ok, true);
  }
  const bobGot = record(bob, 'message:new');
  const acked = [];
  const send = async (body) => {
    const ack = await call(alice, 'message:send', { roomId: room, body });
    assert.equal(ack.ok, true, `send ${body}: ${JSON.stringify(ack)}`);
    acked.push({ id: ack.id, seq: ack.seq, body });
  };
  for (let n = 1; n <= 3; n++) {
    await send(`before ${n}`);
  }
  await until(() => bobGot.length === 3, 5000, 'the first messages at bob');

  const killed = await RedisStack.cli(redisPort, 'CLIENT', 'KILL', 'TYPE', 'pubsub');
  assert.ok(Number(killed) >= 2, `both subscriber connections killed (${killed})`);
  // node 1 is subscribed again after ~100 ms, node 2 only after 4 s
  await eventually(async () => Number((await RedisStack.cli(redisPort, 'PUBSUB', 'NUMSUB', channel)).split('\n')[1]) === 1,
    3000, 'node 1 subscribed again, node 2 not');
  for (let n = 1; n <= 5; n++) {
    await send(`gap ${n}`);
  }
  const subscribers = Number((await RedisStack.cli(redisPort, 'PUBSUB', 'NUMSUB', channel)).split('\n')[1]);
  assert.equal(subscribers, 1, 'the gap messages were published while node 2 was not subscribed');
  await sleep(300);
  assert.equal(bobGot.length, 3, 'nothing of the gap reached bob while node 2 was away');

  // node 2 comes back: the replay first, then what is sent from now on
  await eventually(async () => Number((await RedisStack.cli(redisPort, 'PUBSUB', 'NUMSUB', channel)).split('\n')[1]) === 2,
    10_000, 'node 2 subscribed again');
  await send('after');
  await until(() => bobGot.length >= acked.length, 10_000, 'every acked message at bob');
  await sleep(300);
  assert.deepEqual(bobGot.map((m) => m.body), acked.map((a) => a.body), 'each message once, in order');
  assert.deepEqual(bobGot.map((m) => m.seq), acked.map((a) => a.seq));
  for (let k = 1; k < bobGot.length; k++) {
    assert.equal(bobGot[k].seq, bobGot[k - 1].seq + 1, 'no gap in seq');
  }
});
