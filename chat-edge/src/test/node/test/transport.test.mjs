// (a) The default client transport: connects with HTTP long-polling, then upgrades to WebSocket,
// and chat keeps working over the upgraded connection. Also: the server hands out the same browser
// bundle that the npm package ships.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startServer } from '../lib/server.mjs';
import { next, call, uniqueRoom } from '../lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('default transport connects with polling and upgrades to websocket', async () => {
  const socket = io(server.url, { forceNew: true, reconnection: false, auth: { userId: 'alice' } });
  try {
    const disconnects = [];
    socket.on('disconnect', (reason) => disconnects.push(reason));
    // The engine exists as soon as io() returns; its first transport is polling.
    const upgraded = next(socket.io, 'open', 5000).then(() => next(socket.io.engine, 'upgrade', 10_000));
    await next(socket, 'connect', 10_000);
    const transport = await upgraded;
    assert.equal(transport.name, 'websocket');
    assert.equal(socket.io.engine.transport.name, 'websocket');
    assert.equal(socket.connected, true);

    const roomId = uniqueRoom();
    assert.deepEqual(await call(socket, 'room:join', { roomId }), { ok: true, roomId });
    const received = next(socket, 'message:new');
    const ack = await call(socket, 'message:send', { roomId, body: 'over websocket now', clientMsgId: 'c1' });
    assert.equal(ack.ok, true);
    const message = await received;
    assert.equal(message.id, ack.id);
    assert.equal(message.body, 'over websocket now');
    assert.deepEqual(disconnects, [], 'the upgrade must not disconnect the socket');
  } finally {
    socket.close();
  }
});

test('the first transport is polling before the upgrade', async () => {
  const socket = io(server.url, { forceNew: true, reconnection: false, auth: { userId: 'bob' } });
  try {
    await next(socket.io, 'open', 10_000);
    assert.equal(socket.io.engine.transport.name, 'polling');
  } finally {
    socket.close();
  }
});

test('the browser bundle served at /socket.io/socket.io.min.js is the npm one', async () => {
  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve('socket.io-client/package.json')), 'dist', 'socket.io.min.js');
  const res = await fetch(`${server.url}/socket.io/socket.io.min.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  const served = Buffer.from(await res.arrayBuffer());
  assert.ok(served.equals(await readFile(dist)), 'served bundle differs from the pinned socket.io-client dist');
});
