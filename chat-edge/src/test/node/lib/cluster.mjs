// Helpers for the cluster tests: the admin API of a node, Redis instances of their own started
// with the project's stack/redis.sh, and waits on the state of the cluster.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sleep } from './client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../../..');
const run = promisify(execFile);

export const ADMIN_TOKEN = 'test-admin-token';

/**
 * Calls the admin API of `server` (`/api/admin/<path>`); resolves with `{ status, body }`.
 * Times out after `timeoutMs`.
 */
export async function admin(server, method, apiPath, body, timeoutMs = 10_000) {
  const res = await fetch(`${server.url}/api/admin/${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Polls `probe()` every 50 ms until it returns a truthy value, which it resolves with. */
export async function eventually(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last?.message ?? JSON.stringify(last)})`);
    }
    await sleep(50);
  }
}

/**
 * Redis servers and Sentinels of a test, run by the project's `stack/redis.sh` under a state
 * folder of their own (a temporary PARLEY_STACK_HOME), so the stack of the test run is not touched.
 * `stopAll()` stops everything that was started (by the PIDs in the state folder) and deletes it.
 */
export class RedisStack {
  constructor() {
    this.home = mkdtempSync(path.join(tmpdir(), 'parley-redis-'));
    this.instances = new Set();
    this.sentinels = new Set();
  }

  async script(...args) {
    const env = { ...process.env, PARLEY_STACK_HOME: this.home };
    try {
      const { stdout } = await run('bash', [path.join(repoRoot, 'stack/redis.sh'), ...args], { env, timeout: 60_000 });
      return stdout;
    } catch (e) {
      throw new Error(`stack/redis.sh ${args.join(' ')} failed: ${e.stderr || e.message}`);
    }
  }

  /**
   * Starts (or restarts) the named instance; `replicaOf` is a port on 127.0.0.1, `cluster` starts
   * it in cluster mode (join instances with `script('cluster-create', ...ports)`).
   */
  async start(name, port, { replicaOf, cluster } = {}) {
    this.instances.add(name);
    await this.script('start', '--name', name, ...(port ? ['--port', String(port)] : []),
      ...(replicaOf ? ['--replicaof', '127.0.0.1', String(replicaOf)] : []), ...(cluster ? ['--cluster'] : []));
  }

  async stop(name) {
    await this.script('stop', '--name', name);
  }

  /** The PID of a running instance, from its state folder. */
  pid(name) {
    return Number(readFileSync(path.join(this.home, `redis-${name}`, 'pid'), 'utf8').trim());
  }

  async startSentinel(name, port, masterPort) {
    this.sentinels.add(name);
    await this.script('sentinel', 'start', '--name', name, '--port', String(port), '--master', '127.0.0.1',
      String(masterPort));
  }

  /** `redis-cli -p <port> <args>`, stdout trimmed. */
  static async cli(port, ...args) {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
    return stdout.trim();
  }

  async stopAll() {
    for (const name of this.sentinels) {
      await this.script('sentinel', 'stop', '--name', name).catch(() => {});
    }
    for (const name of this.instances) {
      await this.stop(name).catch(() => {});
    }
    rmSync(this.home, { recursive: true, force: true });
  }
}
