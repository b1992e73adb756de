#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startTripoSimulator } from './server.js';
import { BUILTIN_KEYWORDS, REJECT_KEYWORD } from './sim/outcomes.js';

const USAGE = `Usage: tripo-sim [options]

Starts a simulated Tripo API (v3 and v2) on loopback.

Options:
  --port <n>            TCP port (default 8910; 0 picks a free one)
  --host <addr>         interface to bind (default 127.0.0.1)
  --api-version <v3|v2> dialect of the printed base URL (default v3)
  --speed <x>           simulated seconds per real second (default 1; 10 = a generation in a few seconds)
  --key <tsk_...>       accept only this exact API key (default: any key starting with tsk_)
  --balance <n>         starting credits (default 3000)
  --strict-v3           read v3 requests like the strictest sources: a 3D generation without a model
                        version answers 400/1004, image models by alias only
  --log                 log each request (method, path, status; never the key) to stderr
  -h, --help            show this help
`;

function fail(message: string): never {
  process.stderr.write(`tripo-sim: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function number(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) fail(`invalid --${name}: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const apiVersion = values['api-version'] ?? 'v3';
  if (apiVersion !== 'v3' && apiVersion !== 'v2') fail(`invalid --api-version: ${apiVersion}`);
  const port = number('port', values.port, 8910, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const speed = number('speed', values.speed, 1, (n) => n > 0);
  const balance = number('balance', values.balance, 3000, (n) => n >= 0);
  const key = values.key;
  if (key !== undefined && key.trim() === '') fail('--key must not be empty');

  const running = await startTripoSimulator({
    port,
    host: values.host ?? '127.0.0.1',
    apiVersion,
    speed,
    initialBalance: balance,
    strictV3: values['strict-v3'] === true,
    ...(key !== undefined ? { apiKey: key } : {}),
  });
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(running.url);
  out(
    `Tripo simulator: API ${apiVersion}${values['strict-v3'] ? ' (strict v3)' : ''}, speed ${speed}x. Point a client at it with:`,
  );
  out(
    `  TRIPO_BASE_URL=${running.apiBase} TRIPO_API_KEY=${key === undefined ? 'tsk_test' : '<the pinned key>'}`,
  );
  out(`  (the other dialect lives at ${running.sim.apiBase(apiVersion === 'v3' ? 'v2' : 'v3')})`);
  out(
    `Keys: ${key === undefined ? 'any key starting with tsk_' : 'only the key given with --key'}. ` +
      `Prompt keywords: ${Object.keys(BUILTIN_KEYWORDS).join(', ')}, ${REJECT_KEYWORD}. Ctrl-C stops.`,
  );

  if (values.log) {
    let seen = 0;
    let seenFiles = 0;
    const timer = setInterval(() => {
      const { requests, fileRequests } = running.sim;
      for (; seen < requests.length; seen++) {
        const r = requests[seen]!;
        process.stderr.write(`${r.method} ${r.path} -> ${r.status}${r.authPresent ? '' : ' (no auth)'}\n`);
      }
      for (; seenFiles < fileRequests.length; seenFiles++) {
        const r = fileRequests[seenFiles]!;
        process.stderr.write(
          `GET ${r.path} -> ${r.status}${r.authorizationSent ? ' (auth header sent!)' : ''}\n`,
        );
      }
    }, 200);
    timer.unref();
  }

  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-version': { type: 'string' },
      speed: { type: 'string' },
      key: { type: 'string' },
      balance: { type: 'string' },
      'strict-v3': { type: 'boolean' },
      log: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`tripo-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
