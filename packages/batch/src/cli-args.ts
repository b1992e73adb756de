import { parseArgs } from 'node:util';

/** The `--help` text. */
export const USAGE = `Usage:
  tripokit-batch run PROMPTS.jsonl [--workers N] [--out DIR] [--budget CREDITS] [--batch ID] [--report FILE]
  tripokit-batch worker [--concurrency N]
  tripokit-batch status [BATCH] [--json] [--all]
  tripokit-batch retry-failed BATCH [--budget CREDITS] [--workers N]
  tripokit-batch reconcile BATCH [--attach JOB=TASK]... [--recreate JOB]... [--abandon JOB]... [--workers N]

Turns a list of prompts into 3D models with Tripo: jobs wait in Redis (BullMQ), any number of workers on any
number of machines create, wait for and download them, sharing one request-rate cap and one cap on tasks in flight.

Commands:
  run           queue every line of PROMPTS.jsonl as one batch, start N local workers, show progress, and
                write the final report (JSON in the output folder, and a table)
  worker        run a worker until SIGINT/SIGTERM (start as many as you like, anywhere)
  status        the totals of a batch (default: the latest), or list batches
  retry-failed  queue a batch's failed jobs again, each from where it failed
  reconcile     settle parked jobs (creates whose outcome is unknown): attach the task the create made,
                create again once you are sure there is none, or give up; without options, list them

Options:
  --workers N          local worker processes to start (run: default 2; retry-failed, reconcile: default 0)
  --out DIR            output folder (default ./tripo-models)
  --budget CREDITS     stop creating once the batch would spend more than this
  --batch ID           batch id (run: reuse one to resume an interrupted batch)
  --report FILE        where run writes the JSON report (default DIR/tripokit-batch-<id>.json)
  --max-in-flight N    Tripo tasks unfinished at once, for every worker of this API key (default 10)
  --rps N              API requests per second, for every worker of this API key (default 10)
  --concurrency N      jobs one worker process works on at once (default: --max-in-flight)
  --lock-ms MS         how long a silent worker keeps its jobs before another takes them (default 30000)
  --redis URL          Redis server (default: env TRIPOKIT_REDIS_URL)
  --json               machine-readable output
  -h, --help           show this help

Environment: TRIPO_API_KEY (required), TRIPO_BASE_URL, TRIPO_API_VERSION, TRIPO_REGION, TRIPOKIT_REDIS_URL,
TRIPOKIT_OUTPUT_DIR.
`;

/** The command line, parsed. */
export interface BatchCliArgs {
  command: 'run' | 'worker' | 'status' | 'retry-failed' | 'reconcile' | 'help';
  positionals: string[];
  workers?: number;
  out?: string;
  budget?: number;
  batch?: string;
  report?: string;
  maxInFlight?: number;
  rps?: number;
  concurrency?: number;
  lockMs?: number;
  redis?: string;
  json: boolean;
  all: boolean;
  attach: { jobId: string; taskId: string }[];
  recreate: string[];
  abandon: string[];
}

const COMMANDS = new Set(['run', 'worker', 'status', 'retry-failed', 'reconcile']);

function count(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`--${name} must be a number of at least ${min}, got "${value}".`);
  return n;
}

/** Parses `argv` (without node and the script); throws a readable `Error` on bad input. */
export function parseBatchArgs(argv: readonly string[]): BatchCliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      workers: { type: 'string' },
      out: { type: 'string' },
      budget: { type: 'string' },
      batch: { type: 'string' },
      report: { type: 'string' },
      'max-in-flight': { type: 'string' },
      rps: { type: 'string' },
      concurrency: { type: 'string' },
      'lock-ms': { type: 'string' },
      redis: { type: 'string' },
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      attach: { type: 'string', multiple: true, default: [] },
      recreate: { type: 'string', multiple: true, default: [] },
      abandon: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    return {
      command: 'help',
      positionals: [],
      json: false,
      all: false,
      attach: [],
      recreate: [],
      abandon: [],
    };
  }
  if (!COMMANDS.has(command)) throw new Error(`Unknown command "${command}".`);
  const attach = values.attach.map((pair) => {
    const [jobId, taskId] = pair.split('=');
    if (!jobId || !taskId) throw new Error(`--attach takes JOB=TASK, got "${pair}".`);
    return { jobId, taskId };
  });
  return {
    command: command as BatchCliArgs['command'],
    positionals: rest,
    workers: count('workers', values.workers, 0),
    out: values.out,
    budget: count('budget', values.budget, 0),
    batch: values.batch,
    report: values.report,
    maxInFlight: count('max-in-flight', values['max-in-flight'], 1),
    rps: count('rps', values.rps, 0.1),
    concurrency: count('concurrency', values.concurrency, 1),
    lockMs: count('lock-ms', values['lock-ms'], 1000),
    redis: values.redis,
    json: values.json,
    all: values.all,
    attach,
    recreate: values.recreate,
    abandon: values.abandon,
  };
}
