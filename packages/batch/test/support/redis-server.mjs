// A private redis-server for one test file or benchmark: a free loopback port, its own temporary folder,
// append-only persistence (so a restart keeps every key), stopped at the end. Plain JS so that bench/ uses it too.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Whether Debian's redis-server is installed (`bash scripts/ensure-redis.sh` installs it). */
export function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function launch(port, dir) {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--daemonize',
      'no',
      '--logfile',
      '',
      '--loglevel',
      'notice',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${log.slice(-2000)}`));
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      log += chunk;
    });
    child.once('error', reject);
    child.once('exit', onExit);
  });
}

function stopChild(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * Starts redis-server on a free 127.0.0.1 port in a new temporary folder.
 * @param {{ name?: string }} [options]
 */
export async function startRedisServer(options = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tripokit-redis-${options.name ?? 'test'}-`));
  let child;
  let port;
  // Another process may take the port between the probe and redis binding it: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir);
      break;
    } catch (error) {
      if (attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const handle = {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    /** Stops the server (SIGTERM: it flushes its append-only file), then starts it again on the same port and data. */
    async restart({ downMs = 0 } = {}) {
      await stopChild(child, 'SIGTERM');
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(port, dir);
    },
    /** Stops the server and removes its folder. */
    async stop() {
      await stopChild(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
