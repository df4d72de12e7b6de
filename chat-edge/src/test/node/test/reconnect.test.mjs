// (e) The server process restarts on the same port: connected clients notice, reconnect by
// themselves, re-join their room (the server keeps no room state across restarts) and chat again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { connectAs, call, next, record, until, uniqueRoom } from '../lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('clients reconnect by themselves after a server restart and chat again', async () => {
  const roomId = uniqueRoom('restart');
  const options = { reconnection: true, reconnectionDelay: 200, reconnectionDelayMax: 1000, timeout: 5000 };
  const alice = await connectAs(server, 'alice', options);
  const bob = await connectAs(server, 'bob', { ...options, transports: ['websocket'] });
  try {
    // Like a chat app: (re-)join the room on every connect.
    const connects = { alice: 0, bob: 0 };
    for (const [name, socket] of [['alice', alice], ['bob', bob]]) {
      socket.on('connect', () => {
        connects[name] += 1;
        socket.emit('room:join', { roomId }, () => {});
      });
    }
    assert.deepEqual(await call(alice, 'room:join', { roomId }), { ok: true, roomId });
    assert.deepEqual(await call(bob, 'room:join', { roomId }), { ok: true, roomId });
    const atBob = record(bob, 'message:new');
    await call(alice, 'message:send', { roomId, body: 'before restart' });
    await until(() => atBob.length === 1, 5000, 'message before restart');
    const oldSid = alice.id;

    const disconnected = Promise.all([next(alice, 'disconnect', 15_000), next(bob, 'disconnect', 15_000)]);
    const reconnected = Promise.all([
      next(alice.io, 'reconnect', 30_000),
      next(bob.io, 'reconnect', 30_000),
      next(alice, 'connect', 30_000),
      next(bob, 'connect', 30_000),
    ]);
    const oldPid = server.pid;
    await server.restart();
    assert.notEqual(server.pid, oldPid, 'a new server process');

    const reasons = (await disconnected).map((args) => (Array.isArray(args) ? args[0] : args));
    for (const reason of reasons) {
      assert.ok(['transport close', 'transport error', 'ping timeout'].includes(reason), `disconnect reason ${reason}`);
    }
    const [aliceAttempts, bobAttempts] = await reconnected;
    assert.ok(aliceAttempts >= 1 && bobAttempts >= 1);
    assert.equal(alice.connected, true);
    assert.equal(bob.connected, true);
    assert.notEqual(alice.id, oldSid, 'a new session on the new process');
    await until(() => connects.alice >= 1 && connects.bob >= 1, 5000, 'connect handlers');

    // The re-join is acked before anything else the client sends: a send now must be delivered.
    const atAlice = record(alice, 'message:new');
    const ack = await call(alice, 'message:send', { roomId, body: 'after restart', clientMsgId: 'after-1' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    await until(() => atBob.length === 2 && atAlice.length === 1, 5000, 'message after restart');
    assert.equal(atBob[1].body, 'after restart');
    assert.equal(atBob[1].senderId, 'alice');
    assert.equal(atBob[1].id, ack.id);
    const reply = await call(bob, 'message:send', { roomId, body: 'welcome back' });
    assert.equal(reply.ok, true);
    await until(() => atAlice.length === 2, 5000, 'reply after restart');
    assert.equal(atAlice[1].senderId, 'bob');
  } finally {
    alice.close();
    bob.close();
  }
});
