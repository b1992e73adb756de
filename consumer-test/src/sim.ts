import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A `tripo-sim` started from a scratch project's installed tarball. */
export interface InstalledSimulator {
  origin: string;
  apiBase: string;
  stop(): void;
}

/** Starts the installed `tripo-sim` bin on a free loopback port, fast enough that a generation takes ~0.1 s. */
export function startInstalledSimulator(projectDir: string): Promise<InstalledSimulator> {
  const child: ChildProcess = spawn(
    join(projectDir, 'node_modules/.bin/tripo-sim'),
    ['--port', '0', '--speed', '600'],
    {
      cwd: projectDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`tripo-sim exited ${code}: ${out}`)));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const origin = /^(http:\/\/\S+)\n/.exec(out)?.[1];
      if (origin !== undefined) {
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ origin, apiBase: `${origin}/v3`, stop: () => child.kill() });
      }
    });
  });
}

/** The environment a README snippet runs in: the installed simulator instead of Tripo, and any key. */
export function snippetEnv(sim: InstalledSimulator, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TRIPO_BASE_URL: sim.apiBase,
    TRIPO_API_KEY: 'tsk_consumer_test',
    NODE_NO_WARNINGS: '1',
    ...extra,
  };
}
