// (i) Identity with real tokens from the test Keycloak (QUARKUS_OIDC_AUTH_SERVER_URL, exported by
// stack/test.sh): a server in the prod profile with parley.auth.mode=oidc accepts a valid token from
// the auth payload or the Authorization header, refuses a missing, expired, foreign-audience,
// forged or unsigned token with the documented code, tells a socket auth:expired and disconnects it
// at expiry, lets auth:refresh extend it; and refuses to start with insecure-dev in prod.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { io } from 'socket.io-client';
import { EdgeServer, startServer } from '../lib/server.mjs';
import { call, next, until, uniqueRoom } from '../lib/client.mjs';

const realm = process.env.QUARKUS_OIDC_AUTH_SERVER_URL || 'http://127.0.0.1:8280/realms/parley';

async function token(user, clientId = 'parley-tests') {
  const res = await fetch(`${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username: user, password: 'parley' }),
  });
  assert.equal(res.status, 200, `token for ${user}@${clientId}: ${await res.clone().text()}`);
  return (await res.json()).access_token;
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** The genuine header (kid, RS256) and claims, signed with a key of our own. */
function forged(jwt) {
  const [header, payload] = jwt.split('.');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  return `${header}.${payload}.${b64url(signer.sign(privateKey))}`;
}

function algNone(jwt) {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
  header.alg = 'none';
  return `${b64url(JSON.stringify(header))}.${jwt.split('.')[1]}.`;
}

let server;
before(async () => {
  server = await startServer({
    profile: 'prod',
    properties: { 'parley.auth.mode': 'oidc', 'quarkus.oidc.auth-server-url': realm },
  });
});
after(async () => {
  await server?.stop();
});

function open(options) {
  return io(server.url, { forceNew: true, reconnection: false, ...options });
}

async function connected(socket) {
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (err) => reject(new Error(`connect_error ${err.message} ${JSON.stringify(err.data)}`)));
  });
  return socket;
}

async function refusal(options) {
  const socket = open(options);
  try {
    const err = await next(socket, 'connect_error', 10_000);
    assert.equal(socket.connected, false);
    assert.ok(!JSON.stringify(err.data ?? {}).includes('Exception'), 'no exception details');
    return err.data?.code;
  } finally {
    socket.close();
  }
}

for (const transports of [['websocket'], ['polling']]) {
  test(`a valid token connects from the auth payload and from the Authorization header (${transports})`, async () => {
    const alice = await connected(open({ transports, auth: { token: await token('alice') } }));
    const bob = await connected(open({ transports, extraHeaders: { Authorization: `Bearer ${await token('bob')}` } }));
    try {
      const roomId = uniqueRoom('oidc');
      assert.equal((await call(alice, 'room:join', { roomId })).ok, true);
      assert.equal((await call(bob, 'room:join', { roomId })).ok, true);
      const received = next(bob, 'message:new');
      assert.equal((await call(alice, 'message:send', { roomId, body: 'hi bob' })).ok, true);
      const message = await received;
      assert.equal(message.senderId, 'alice');
      assert.equal(message.body, 'hi bob');
    } finally {
      alice.close();
      bob.close();
    }
  });
}

test('no token: AUTH_REQUIRED; the insecure-dev payload means nothing', async () => {
  assert.equal(await refusal({ transports: ['websocket'] }), 'AUTH_REQUIRED');
  assert.equal(await refusal({ auth: { userId: 'alice' } }), 'AUTH_REQUIRED');
});

test('other audience, forged key, alg none, garbage: AUTH_INVALID', async () => {
  const genuine = await token('alice');
  for (const bad of [await token('alice', 'other-app'), forged(genuine), algNone(genuine), 'garbage']) {
    assert.equal(await refusal({ transports: ['websocket'], auth: { token: bad } }), 'AUTH_INVALID');
    assert.equal(await refusal({ transports: ['polling'], extraHeaders: { Authorization: `Bearer ${bad}` } }),
      'AUTH_INVALID');
  }
});

test('an expired token (parley-tests-short) is refused, and a connected socket gets auth:expired then a server disconnect', async () => {
  const short = await token('dave', 'parley-tests-short');
  const dave = await connected(open({ transports: ['websocket'], auth: { token: short } }));
  const events = [];
  dave.on('auth:expired', () => events.push('auth:expired'));
  const disconnect = await next(dave, 'disconnect', 20_000); // [reason, details]
  events.push(Array.isArray(disconnect) ? disconnect[0] : disconnect);
  assert.deepEqual(events, ['auth:expired', 'io server disconnect']);
  await until(() => Date.now() > claims(short).exp * 1000 + 1000, 10_000, 'expiry passed');
  assert.equal(await refusal({ auth: { token: short } }), 'AUTH_INVALID');
});

test('auth:refresh with a fresh token of the same user extends the socket; another user\'s token is refused', async () => {
  const short = await token('carol', 'parley-tests-short');
  const carol = await connected(open({ transports: ['websocket'], auth: { token: short } }));
  try {
    const expired = [];
    carol.on('auth:expired', () => expired.push(true));
    const foreign = await call(carol, 'auth:refresh', { token: await token('alice') });
    assert.equal(foreign.ok, false);
    assert.equal(foreign.error.code, 'AUTH_INVALID');
    const fresh = await token('carol');
    const ack = await call(carol, 'auth:refresh', { token: fresh });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    assert.equal(ack.expiresAt, claims(fresh).exp * 1000);
    await until(() => Date.now() > claims(short).exp * 1000 + 2000, 15_000, 'first expiry passed');
    assert.equal((await call(carol, 'room:join', { roomId: uniqueRoom('still') })).ok, true);
    assert.equal(carol.connected, true);
    assert.deepEqual(expired, []);
  } finally {
    carol.close();
  }
});

test('insecure-dev in the prod profile: the server refuses to start', async () => {
  const refused = new EdgeServer({ profile: 'prod', properties: { 'parley.auth.mode': 'insecure-dev' } });
  await assert.rejects(refused.start(), /exited before it was ready/);
  assert.match(refused.log(), /insecure-dev is not allowed in the prod profile/);
});
