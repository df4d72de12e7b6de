// Sentinel failover under two running edge nodes: a master, a replica and a Sentinel of the test's
// own (stack/redis.sh under a temporary PARLEY_STACK_HOME), the nodes configured with
// quarkus.redis.client-type=sentinel. Users chat in a loop, the master is killed by its PID; after
// Sentinel promotes the replica, sends succeed again, fan-out and presence work and sequence
// numbers continue (the replica had the counter), without restarting a node. The gap from the
// kill to the first successful send is printed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startCluster } from '../../lib/server.mjs';
import { call, connectAs, record, sleep, uniqueRoom, until } from '../../lib/client.mjs';
import { RedisStack, eventually } from '../../lib/cluster.mjs';

const stack = new RedisStack();
let nodes = [];
const sockets = [];
let masterPort;
let replicaPort;
let sentinelPort;

before(async () => {
  [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
  await stack.start('master', masterPort);
  await stack.start('replica', replicaPort, { replicaOf: masterPort });
  await stack.startSentinel('s1', sentinelPort, masterPort);
  nodes = await startCluster(2, {
    idPrefix: `sentinel-${process.pid}`,
    properties: {
      'quarkus.redis.client-type': 'sentinel',
      'quarkus.redis.hosts': `redis://127.0.0.1:${sentinelPort}`,
      'quarkus.redis.master-name': 'parley',
      'quarkus.redis.role': 'master',
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

async function connect(node, userId, transport) {
  const socket = await connectAs(node, userId, { transports: [transport] });
  sockets.push(socket);
  return socket;
}

test('after a Sentinel failover sends succeed again, fan-out and presence work, seq continues', async () => {
  const room = uniqueRoom('failover');
  const alice = await connect(nodes[0], 'alice', 'websocket');
  const bob = await connect(nodes[1], 'bob', 'polling');
  for (const s of [alice, bob]) {
    assert.equal((await call(s, 'room:join', { roomId: room })).ok, true);
  }
  const bobGot = record(bob, 'message:new');

  // chat in a loop: one send at a time, every 50 ms
  const acked = [];
  const failures = new Map();
  let firstOkAfterKill = null;
  let killedAt = null;
  let stopLoop = false;
  const loop = (async () => {
    for (let n = 0; !stopLoop; n++) {
      const started = Date.now();
      const ack = await call(alice, 'message:send', { roomId: room, body: `m${n}` }, 10_000)
        .catch((e) => ({ ok: false, error: { code: e.message } }));
      if (!ack.ok) {
        failures.set(ack.error.code, (failures.get(ack.error.code) ?? 0) + 1);
      }
      if (ack.ok) {
        acked.push({ ...ack, body: `m${n}`, started });
        if (killedAt !== null && firstOkAfterKill === null && started >= killedAt) {
          firstOkAfterKill = Date.now();
        }
      }
      await sleep(50);
    }
  })();

  try {
    await until(() => acked.length >= 10, 10_000, 'ten messages before the failover');
    // the replica has the counter of every acked message (replication is asynchronous)
    const lastSeqBefore = () => acked[acked.length - 1].seq;
    await eventually(async () => Number(await RedisStack.cli(replicaPort, 'GET', `parley:seq:{${room}}`)) >= lastSeqBefore(),
      5000, 'the replica caught up');
    const seqAtKill = acked[acked.length - 1].seq;
    const ackedAtKill = acked.length;
    killedAt = Date.now();
    process.kill(stack.pid('master'), 'SIGKILL');
    await until(() => firstOkAfterKill !== null, 30_000, 'a successful send after the master was killed');
    const gap = firstOkAfterKill - killedAt;
    const promoted = await RedisStack.cli(sentinelPort, 'sentinel', 'get-master-addr-by-name', 'parley');
    console.log(`# failover gap: ${gap} ms from SIGKILL of the master to the first successful send `
      + `(failed sends meanwhile: ${JSON.stringify(Object.fromEntries(failures))}; master now ${promoted.replace(/\n/g, ':')})`);
    assert.deepEqual([...failures.keys()], ['UNAVAILABLE'], 'sends during the failover fail with UNAVAILABLE');
    assert.equal(promoted.split('\n')[1], String(replicaPort), 'Sentinel promoted the replica');

    await until(() => acked.length >= ackedAtKill + 5, 10_000, 'five more messages after the failover');
    const afterKill = acked.slice(ackedAtKill);
    // a send in flight at the kill may have taken a number on the old master before it died
    assert.ok(afterKill[0].seq === seqAtKill + 1 || afterKill[0].seq === seqAtKill + 2,
      `seq continues after the failover: ${seqAtKill} then ${afterKill[0].seq}`);
    console.log(`# seq ${seqAtKill} acked before the kill, ${afterKill[0].seq} first after the failover`);
    for (let k = 1; k < afterKill.length; k++) {
      assert.equal(afterKill[k].seq, afterKill[k - 1].seq + 1, 'gapless after the failover');
    }
  } finally {
    stopLoop = true;
    await loop;
  }

  // fan-out: bob (other node) got every acked message exactly once, in seq order
  await until(() => bobGot.length >= acked.length, 10_000, 'every acked message at bob');
  await sleep(200);
  const ackedIds = acked.map((a) => a.id);
  assert.deepEqual(bobGot.filter((m) => ackedIds.includes(m.id)).map((m) => m.id), ackedIds,
    'bob got the acked messages in order');
  assert.equal(new Set(bobGot.map((m) => m.id)).size, bobGot.length, 'no duplicates at bob');

  // presence and fan-out from the other node after the failover
  const aliceSees = record(alice, 'presence');
  const carol = await connect(nodes[1], 'carol', 'websocket');
  assert.equal((await call(carol, 'room:join', { roomId: room })).ok, true);
  await until(() => aliceSees.length >= 1, 5000, 'carol online at alice');
  assert.deepEqual(aliceSees[0], { roomId: room, userId: 'carol', status: 'online', reason: 'join' });
  const members = await call(carol, 'room:members', { roomId: room });
  assert.deepEqual(members.members.map((m) => m.userId), ['alice', 'bob', 'carol']);
  const aliceGot = record(alice, 'message:new');
  const fromCarol = await call(carol, 'message:send', { roomId: room, body: 'hello from node 2' });
  assert.equal(fromCarol.ok, true);
  assert.equal(fromCarol.seq, acked[acked.length - 1].seq + 1);
  await until(() => aliceGot.length === 1, 5000, "carol's message at alice");
  assert.equal(aliceGot[0].body, 'hello from node 2');
  for (const node of nodes) {
    assert.equal(await node.readiness(), 200, `${node.nodeId} ready`);
  }
});
