// (d) Against a server started with the conformance profile: binary payloads round-trip through an
// ack and through message/message-back on both transports, and the `auth` event echoes the CONNECT
// auth payload on "/" and "/custom" (also when both namespaces share one connection).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startServer } from '../lib/server.mjs';
import { connectAs, next } from '../lib/client.mjs';

let server;
before(async () => { server = await startServer({ profile: 'conformance' }); });
after(async () => { await server?.stop(); });

/** The bytes of whatever binary type the client handed over (Buffer, ArrayBuffer, typed array). */
function bytes(value) {
  if (Buffer.isBuffer(value)) {
    return value;
  }
  if (value instanceof ArrayBuffer) {
    return Buffer.from(value);
  }
  if (ArrayBuffer.isView(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  assert.fail(`not binary: ${JSON.stringify(value)}`);
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const SMALL = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]);

for (const transports of [['polling'], ['websocket']]) {
  describe(`binary over ${transports[0]}`, () => {
    let socket;
    before(async () => { socket = await connectAs(server, 'bin', { transports }); });
    after(() => socket?.close());

    test('emitWithAck("message-with-ack", Buffer) returns the same bytes', async () => {
      const answer = await socket.timeout(5000).emitWithAck('message-with-ack', ALL_BYTES);
      assert.ok(bytes(answer).equals(ALL_BYTES));
    });

    test('emitWithAck("message-with-ack", Uint8Array) returns the same bytes', async () => {
      const answer = await socket.timeout(5000).emitWithAck('message-with-ack', SMALL);
      assert.ok(bytes(answer).equals(Buffer.from(SMALL)));
    });

    test('an ack with several arguments and nested binaries comes back whole', async () => {
      const nested = { name: 'file.bin', parts: [Buffer.from('héllo'), SMALL], empty: Buffer.alloc(0) };
      const args = await new Promise((resolve, reject) => {
        socket.timeout(5000).emit('message-with-ack', 1, '2', nested, ALL_BYTES,
          (err, ...received) => (err ? reject(err) : resolve(received)));
      });
      assert.equal(args.length, 4);
      assert.equal(args[0], 1);
      assert.equal(args[1], '2');
      assert.equal(args[2].name, 'file.bin');
      assert.ok(bytes(args[2].parts[0]).equals(Buffer.from('héllo')));
      assert.ok(bytes(args[2].parts[1]).equals(Buffer.from(SMALL)));
      assert.equal(bytes(args[2].empty).length, 0);
      assert.ok(bytes(args[3]).equals(ALL_BYTES));
    });

    test('"message" with binary is answered by "message-back" with the same bytes', async () => {
      const back = next(socket, 'message-back', 5000);
      socket.emit('message', 'text first', ALL_BYTES, { inner: SMALL });
      const [text, buf, obj] = await back;
      assert.equal(text, 'text first');
      assert.ok(bytes(buf).equals(ALL_BYTES));
      assert.ok(bytes(obj.inner).equals(Buffer.from(SMALL)));
    });

    test('plain JSON round-trips through message-back', async () => {
      const payload = { a: [1, 2.5, null, true], s: '✓ unicode', nested: { deep: { x: 'y' } } };
      const back = next(socket, 'message-back', 5000);
      socket.emit('message', payload);
      assert.deepEqual(await back, payload);
    });
  });
}

describe('auth event', () => {
  for (const nsp of ['/', '/custom']) {
    test(`echoes the CONNECT auth payload on ${nsp}`, async () => {
      const auth = { userId: 'u1', token: 'abc', nested: { n: 1, list: ['x', null] } };
      const socket = io(`${server.url}${nsp === '/' ? '' : nsp}`, { forceNew: true, reconnection: false, auth });
      try {
        assert.deepEqual(await next(socket, 'auth', 5000), auth);
        assert.equal(socket.connected, true);
      } finally {
        socket.close();
      }
    });
  }

  test('each namespace of one connection echoes its own auth payload', async () => {
    const main = io(server.url, { forceNew: true, reconnection: false, auth: { which: 'main' } });
    const custom = main.io.socket('/custom', { auth: { which: 'custom' } });
    try {
      const [a, b] = await Promise.all([next(main, 'auth', 5000), next(custom, 'auth', 5000)]);
      assert.deepEqual(a, { which: 'main' });
      assert.deepEqual(b, { which: 'custom' });
      assert.equal(main.io, custom.io, 'both namespaces share one Manager');
      assert.equal(main.io.engine.id, custom.io.engine.id);
    } finally {
      custom.close();
      main.close();
    }
  });

  test('a connection without auth gets an empty object', async () => {
    const socket = io(server.url, { forceNew: true, reconnection: false });
    try {
      assert.deepEqual(await next(socket, 'auth', 5000), {});
    } finally {
      socket.close();
    }
  });
});
