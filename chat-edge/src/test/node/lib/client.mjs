// Small helpers around socket.io-client for the end-to-end tests.
import { io } from 'socket.io-client';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** Resolves with the arguments of the next `event` on `emitter`, rejects after `timeoutMs`. */
export function next(emitter, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    // a wait that lost a race must not keep the test process alive
    timer.unref();
    function listener(...args) {
      clearTimeout(timer);
      resolve(args.length <= 1 ? args[0] : args);
    }
    emitter.once(event, listener);
  });
}

/** Waits until `predicate()` is true, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(predicate, timeoutMs = 5000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(20);
  }
}

/** Records every payload of `event` on `socket` into an array. */
export function record(socket, event) {
  const seen = [];
  socket.on(event, (payload) => seen.push(payload));
  return seen;
}

/**
 * Opens a socket for `userId` (a new Manager each time, so no connection is shared between tests)
 * and resolves once it is connected. Further socket.io-client options can be given.
 */
export async function connectAs(server, userId, options = {}, nsp = '/') {
  const socket = io(`${server.url}${nsp === '/' ? '' : nsp}`, {
    forceNew: true,
    reconnection: false,
    auth: { userId },
    ...options,
  });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${userId} not connected within 10 s`)), 10_000);
      function done(err) {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('connect_error', done);
        if (err) {
          reject(err);
        } else {
          resolve();
        }
      }
      function onConnect() {
        done();
      }
      socket.on('connect', onConnect);
      socket.on('connect_error', done);
    });
  } catch (e) {
    socket.close();
    throw e;
  }
  return socket;
}

/** Emits with an ack and a timeout. */
export function call(socket, event, payload, timeoutMs = 5000) {
  return socket.timeout(timeoutMs).emitWithAck(event, payload);
}

let counter = 0;
/** A room id unique to this test run. */
export function uniqueRoom(prefix = 'room') {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
