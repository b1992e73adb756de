/**
 * A private redis-server for one test file or benchmark: a free loopback port, its own temporary folder,
 * append-only persistence (so a restart keeps every key), stopped at the end. It runs Debian's `redis-server`
 * (`bash scripts/ensure-redis.sh` installs it); nothing is downloaded.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A redis-server started by {@link startRedisServer}. */
export interface RedisServer {
  readonly port: number;
  /** Its private data folder (removed by `stop`). */
  readonly dir: string;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, which flushes its append-only file) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Whether a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Ports below the range the kernel hands out for outgoing connections: `restart` binds the same port again,
 * and a port from that range can meanwhile become the local end of any connection on the machine.
 */
function quietPorts(): { from: number; to: number } | undefined {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low !== undefined && low > 12_000 ? { from: 10_000, to: low - 1 } : undefined;
  } catch {
    return undefined; // not Linux: whatever port the system gives
  }
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

async function freePort(): Promise<number> {
  const range = quietPorts();
  if (range === undefined) return listenOn(0);
  for (let attempt = 0; ; attempt++) {
    const port = range.from + Math.floor(Math.random() * (range.to - range.from + 1));
    try {
      return await listenOn(port);
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no', '--logfile', '');
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: string) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${log.slice(-2000)}`));
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
    });
    child.once('error', reject);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** Starts redis-server on a free 127.0.0.1 port in a new temporary folder. */
export async function startRedisServer(options: { name?: string } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tripokit-redis-${options.name ?? 'test'}-`));
  let child: ChildProcess | undefined;
  let port = 0;
  // Another process may take the port between the probe and redis binding it: try a few.
  for (let attempt = 0; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir);
    } catch (error) {
      if (attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  let running: ChildProcess = child;
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    async restart({ downMs = 0 } = {}) {
      await stopChild(running, 'SIGTERM');
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      running = await launch(port, dir);
    },
    async stop() {
      await stopChild(running, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
