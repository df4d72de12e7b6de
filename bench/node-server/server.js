'use strict';
// Reference Socket.IO chat server for the Parley benchmark suite.
// Implements the same events as Parley's edge:
//   CONNECT auth {userId}            -> connect; refused without a userId
//   room:join {roomId}, ack          -> ack {ok:true, roomId}
//   message:send {roomId, body, clientMsgId}, ack
//                                    -> message:new {id, roomId, senderId, body, clientMsgId, ts}
//                                       to every socket of the room (sender included),
//                                       then ack {ok:true, id, ts}
// Env: PORT (default 7201), HOST (default 127.0.0.1), REDIS_URL (optional: enables the Redis adapter).

const http = require('http');
const { Server } = require('socket.io');

const PORT = parseInt(process.env.PORT || '7201', 10);
const HOST = process.env.HOST || '127.0.0.1';
const REDIS_URL = process.env.REDIS_URL || '';

const nodeTag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
let nextMessageNumber = 0;

function newMessageId() {
  nextMessageNumber += 1;
  return `${nodeTag}-${nextMessageNumber}`;
}

function isNonEmptyString(v) {
  return typeof v === 'string' && v.length > 0;
}

async function attachRedisAdapter(io) {
  const { createClient } = require('redis');
  const { createAdapter } = require('@socket.io/redis-adapter');
  const pubClient = createClient({ url: REDIS_URL });
  const subClient = pubClient.duplicate();
  pubClient.on('error', (err) => console.error('redis pub error:', err.message));
  subClient.on('error', (err) => console.error('redis sub error:', err.message));
  await Promise.all([pubClient.connect(), subClient.connect()]);
  io.adapter(createAdapter(pubClient, subClient));
  return [pubClient, subClient];
}

function registerChatHandlers(io) {
  io.use((socket, next) => {
    const auth = socket.handshake.auth || {};
    if (!isNonEmptyString(auth.userId)) {
      return next(new Error('unauthorized'));
    }
    socket.data.userId = auth.userId;
    return next();
  });

  io.on('connection', (socket) => {
    socket.on('room:join', (payload, ack) => {
      const roomId = payload && payload.roomId;
      if (!isNonEmptyString(roomId)) {
        if (typeof ack === 'function') ack({ ok: false, error: 'bad_request' });
        return;
      }
      socket.join(roomId);
      if (typeof ack === 'function') ack({ ok: true, roomId });
    });

    socket.on('message:send', (payload, ack) => {
      const roomId = payload && payload.roomId;
      if (!isNonEmptyString(roomId) || typeof payload.body !== 'string') {
        if (typeof ack === 'function') ack({ ok: false, error: 'bad_request' });
        return;
      }
      if (!socket.rooms.has(roomId)) {
        if (typeof ack === 'function') ack({ ok: false, error: 'not_in_room' });
        return;
      }
      const message = {
        id: newMessageId(),
        roomId,
        senderId: socket.data.userId,
        body: payload.body,
        clientMsgId: payload.clientMsgId,
        ts: Date.now(),
      };
      io.to(roomId).emit('message:new', message);
      if (typeof ack === 'function') ack({ ok: true, id: message.id, ts: message.ts });
    });
  });
}

async function main() {
  const httpServer = http.createServer((req, res) => {
    res.writeHead(404);
    res.end();
  });
  const io = new Server(httpServer, { path: '/socket.io/', serveClient: false });
  let redisClients = [];
  if (REDIS_URL) {
    redisClients = await attachRedisAdapter(io);
  }
  registerChatHandlers(io);

  const shutdown = () => {
    io.close();
    Promise.allSettled(redisClients.map((c) => c.quit())).finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  httpServer.listen(PORT, HOST, () => {
    console.log(`node-server listening on ${HOST}:${PORT} pid=${process.pid} redis=${REDIS_URL ? 'on' : 'off'}`);
  });
}

main().catch((err) => {
  console.error('node-server failed to start:', err);
  process.exit(1);
});
