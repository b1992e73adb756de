// `pnpm bench`: runs every package's benchmarks (each package.json with a `bench` script, found on disk, so a
// new package's bench joins by itself) and writes bench/results.md and bench/results.json. Each bench compares
// itself with a baseline measured in the same run and prints its headline results as `BENCH_RESULT {json}`
// lines (bench/protocol.mjs); everything else it prints is kept verbatim. A bench fails the run when it exits
// non-zero, prints no result, or prints a result line the protocol rejects.
// `--smoke` sets TRIPOKIT_BENCH_SMOKE=1 (every bench runs a tiny size), writes no file and prints a JSON summary
// on stdout (what the tests check); `--only <dir>` runs one package.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseResults, RESULT_PREFIX } from './protocol.mjs';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { smoke: { type: 'boolean' }, only: { type: 'string' } } });
const smoke = values.smoke === true;

// The start-up bench first, while the machine is as quiet as this run will see it; then the rest by name.
const FIRST = ['mcp', 'core'];
const order = (dir) => (FIRST.includes(dir) ? FIRST.indexOf(dir) : FIRST.length);
const packages = readdirSync(join(root, 'packages'))
  .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(
    ({ dir, pkg }) => pkg.scripts?.bench !== undefined && (values.only === undefined || values.only === dir),
  );
if (packages.length === 0) {
  console.error(`bench: no package with a bench script${values.only ? ` named ${values.only}` : ''}`);
  process.exit(2);
}

const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  cores: availableParallelism(),
  loadAtStart: load(),
};

const runs = [];
for (const { dir, pkg } of packages) {
  const started = performance.now();
  const loadBefore = load();
  const run = spawnSync('pnpm', ['run', '--silent', 'bench'], {
    cwd: join(root, 'packages', dir),
    encoding: 'utf8',
    env: { ...process.env, ...(smoke ? { TRIPOKIT_BENCH_SMOKE: '1' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
    timeout: (smoke ? 3 : 60) * 60_000,
  });
  const output = run.stdout ?? '';
  const { results, broken } = parseResults(output);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const problem = run.error
    ? `could not run \`pnpm run bench\`: ${run.error.message}`
    : run.status !== 0
      ? `exit ${run.status ?? run.signal}`
      : broken.length > 0
        ? `${broken.length} result line(s) break the protocol`
        : results.length === 0
          ? 'no BENCH_RESULT line'
          : undefined;
  runs.push({
    package: pkg.name,
    command: pkg.scripts.bench,
    exitCode: run.status,
    ...(problem ? { problem } : {}),
    seconds,
    load: { before: loadBefore, after: load() },
    results,
    output: output
      .split('\n')
      .filter((line) => !line.startsWith(RESULT_PREFIX))
      .join('\n'),
  });
  console.error(`${pkg.name}: ${problem ?? 'ok'} in ${seconds} s`);
  if (problem) process.stderr.write(run.stderr ?? '');
}

machine.loadAtEnd = load();
const failed = runs.filter((r) => r.problem !== undefined);

if (smoke) {
  const summary = runs.map((r) => ({
    package: r.package,
    problem: r.problem,
    results: r.results.map((x) => x.name),
  }));
  console.log(JSON.stringify({ smoke: true, runs: summary }));
} else {
  const when = new Date().toISOString();
  writeFileSync(join(root, 'bench/results.md'), renderMarkdown(when));
  writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify({ when, machine, runs }, null, 2)}\n`);
}
process.exit(failed.length === 0 ? 0 : 1);

/** A figure with its unit, grouped by thousands. */
function figure(value, unit) {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit === 'x' ? `${text}x` : `${text} ${unit}`;
}

function renderMarkdown(when) {
  const rows = runs.flatMap((r) =>
    r.results.map((x) => {
      const goal = x.goal === undefined ? '' : `${x.goal}${x.met === undefined ? '' : x.met ? ' ✓' : ' ✗'}`;
      return `| ${x.title} | ${figure(x.value, x.unit)} | ${figure(x.baseline.value, x.unit)} (${x.baseline.label}) | ${x.ratio}x (${x.better} is better) | ${goal} |`;
    }),
  );
  return [
    '# Benchmarks',
    '',
    `\`pnpm bench\` on ${when}: Node ${machine.node}, ${machine.cores} cores (${machine.cpu}), load average`,
    `${machine.loadAtStart.join(' / ')} (1 / 5 / 15 min) at the start, ${machine.loadAtEnd.join(' / ')} at the end.`,
    'Each figure is compared with a baseline measured in the same run (a size: with its budget).',
    '`bench/results.json` holds the same results with their details.',
    '',
    '| benchmark | TripoKit | baseline | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...runs.flatMap((r) => [
      `## ${r.package} (\`${r.command}\`, ${r.seconds} s${r.problem ? `, FAILED: ${r.problem}` : ''})`,
      '',
      '```',
      r.output.trimEnd(),
      '```',
      '',
    ]),
  ].join('\n');
}
