// Starts the packaged chat-edge server (the Quarkus fast-jar) as a child process on a free loopback
// port, waits until it is ready, stops it by PID (SIGTERM, then SIGKILL after a timeout) and can
// restart it on the same port.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The server jar: $PARLEY_EDGE_JAR, else chat-edge/target/quarkus-app/quarkus-run.jar. */
export function edgeJar() {
  const jar = process.env.PARLEY_EDGE_JAR
    || path.resolve(here, '../../../../target/quarkus-app/quarkus-run.jar');
  if (!existsSync(jar)) {
    throw new Error(`server jar not found: ${jar} (build it with ./mvnw -B -q -pl chat-edge -DskipTests package, `
      + 'or point PARLEY_EDGE_JAR at it)');
  }
  return jar;
}

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set, else java from PATH. */
export function javaExecutable() {
  if (process.env.JAVA_HOME) {
    const java = path.join(process.env.JAVA_HOME, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(java)) {
      return java;
    }
  }
  return 'java';
}

/**
 * JVM options for the server: $PARLEY_EDGE_JAVA_OPTS (split on spaces) when set, else C1-only JIT,
 * which halves the start-up time of a short-lived test server on a small machine.
 */
export function javaOptions() {
  const opts = process.env.PARLEY_EDGE_JAVA_OPTS ?? '-XX:TieredStopAtLevel=1';
  return opts.split(/\s+/).filter(Boolean);
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const running = new Set();
// A test file that ends abruptly must not leave a server behind.
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * A chat-edge server process. `start()` launches it and resolves when GET /q/health/ready answers
 * 200; `stop()` ends it; `restart()` does both on the same port.
 */
export class EdgeServer {
  /**
   * @param {object} [options]
   * @param {string} [options.profile] Quarkus profile (default "e2e"), e.g. "conformance" or "prod"
   * @param {Record<string,string>} [options.properties] extra -D system properties
   * @param {number} [options.port] port to listen on (default: a free one)
   * @param {number} [options.readyTimeoutMs] how long to wait for readiness
   */
  constructor(options = {}) {
    this.profile = options.profile;
    this.properties = options.properties ?? {};
    this.port = options.port;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    this.child = null;
    this.output = [];
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.child?.pid;
  }

  /** The cluster node id given as `parley.cluster.node-id`, if any. */
  get nodeId() {
    return this.properties['parley.cluster.node-id'];
  }

  async start() {
    if (this.child) {
      throw new Error('server already running');
    }
    this.port ??= await freePort();
    // insecure-dev is refused in the prod profile: servers run the e2e profile (insecure-dev, see
    // application.properties) unless a test asks for another one, e.g. prod with OIDC
    const props = {
      'parley.auth.mode': 'insecure-dev',
      'quarkus.http.host': '127.0.0.1',
      'quarkus.http.port': String(this.port),
      'quarkus.profile': this.profile ?? 'e2e',
      ...this.properties,
    };
    const args = [...javaOptions(), ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`), '-jar', edgeJar()];
    const child = spawn(javaExecutable(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = [];
    running.add(child);
    const keep = (chunk) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) {
        this.output.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }));
    child.once('error', (e) => keep(`spawn failed: ${e.message}\n`));

    const deadline = Date.now() + this.readyTimeoutMs;
    let gone = false;
    child.exited.then(() => { gone = true; });
    while (Date.now() < deadline) {
      if (gone) {
        throw new Error(`server exited before it was ready:\n${this.log()}`);
      }
      if (await this.#ready()) {
        return this;
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`server not ready within ${this.readyTimeoutMs} ms:\n${this.log()}`);
  }

  async #ready() {
    return (await this.readiness()) === 200;
  }

  /** The status of GET /q/health/ready (200 ready, 503 not ready), or 0 when it does not answer. */
  async readiness() {
    try {
      const res = await fetch(`${this.url}/q/health/ready`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Kills the process with SIGKILL (no graceful shutdown: a crashed node) and waits until it is gone. */
  async kill() {
    const child = this.child;
    if (!child) {
      return;
    }
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGKILL');
      await child.exited;
    }
  }

  /** Freezes the process (SIGSTOP): it keeps its sockets but answers nothing until `resume()`. */
  suspend() {
    process.kill(this.child.pid, 'SIGSTOP');
  }

  /** Lets a suspended process run again (SIGCONT). */
  resume() {
    if (this.child) {
      process.kill(this.child.pid, 'SIGCONT');
    }
  }

  /** Stops the process by its PID: SIGTERM, then SIGKILL when it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 10_000) {
    const child = this.child;
    if (!child) {
      return;
    }
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }, timeoutMs);
      await child.exited;
      clearTimeout(timer);
    }
  }

  /** Stops the server and starts it again on the same port. */
  async restart() {
    await this.stop();
    return this.start();
  }

  /** The last lines the server printed. */
  log() {
    return this.output.join('').split('\n').slice(-60).join('\n');
  }
}

/** Starts a server and returns it once ready. */
export async function startServer(options) {
  return new EdgeServer(options).start();
}

/**
 * Starts `count` cluster nodes at the same time (they share the Redis and Kafka of the
 * environment: QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS), with node ids `<idPrefix>-1`...,
 * the admin API on (`parley.admin.token`), and resolves when all are ready. If one fails, the
 * others are stopped.
 *
 * @param {number} count
 * @param {object} [options]
 * @param {string} [options.idPrefix] node id prefix (default: `node-<pid>`)
 * @param {string} [options.adminToken] admin bearer token (default: `test-admin-token`)
 * @param {Record<string,string>} [options.properties] -D properties of every node
 * @param {number} [options.readyTimeoutMs]
 */
export async function startCluster(count, options = {}) {
  const idPrefix = options.idPrefix ?? `node-${process.pid}`;
  const nodes = Array.from({ length: count }, (_, i) => new EdgeServer({
    readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
    properties: {
      'parley.cluster.node-id': `${idPrefix}-${i + 1}`,
      'parley.admin.token': options.adminToken ?? 'test-admin-token',
      ...options.properties,
    },
  }));
  const started = await Promise.allSettled(nodes.map((node) => node.start()));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw failed.reason;
  }
  return nodes;
}
