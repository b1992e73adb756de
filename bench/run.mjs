// `pnpm bench`: runs every package's benchmarks (each package.json with a `bench` script, found on disk, so a
// new package's bench joins by itself) and writes bench/results.md and bench/results.json. Each bench compares
// itself with a baseline measured in the same run and prints its headline results as `BENCH_RESULT {json}`
// lines (bench/protocol.mjs); everything else it prints is kept verbatim. A bench fails the run when it exits
// non-zero, prints no result, prints a result line the protocol rejects, or says it skipped (BENCH_SKIPPED); a
// failed or skipped bench is named at the top of results.md with its reason and its stderr, and its rows of the
// summary table (bench/summary.mjs) read "not measured".
// `--smoke` sets TRIPOKIT_BENCH_SMOKE=1 (every bench runs a tiny size) and prints a JSON summary on stdout (what
// the tests check); it writes files only with `--out <dir>` (never over bench/). `--only <dir>` runs one package.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseResults, RESULT_PREFIX, SKIP_PREFIX } from './protocol.mjs';
import { renderSummaryTable, renderSummaryWords, summaryRows } from './summary.mjs';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { smoke: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' } },
});
const smoke = values.smoke === true;
const outDir = values.out === undefined ? (smoke ? undefined : join(root, 'bench')) : resolve(values.out);

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
  const { results, broken, skipped } = parseResults(output);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const problem = run.error
    ? `could not run \`pnpm run bench\`: ${run.error.message}`
    : run.status !== 0
      ? `exit ${run.status ?? run.signal}${results.length > 0 ? ` after ${results.length} result(s)` : ''}`
      : broken.length > 0
        ? `${broken.length} result line(s) break the protocol`
        : skipped.length > 0
          ? undefined
          : results.length === 0
            ? 'no BENCH_RESULT line'
            : undefined;
  runs.push({
    package: pkg.name,
    command: pkg.scripts.bench,
    exitCode: run.status,
    ...(problem ? { problem } : {}),
    ...(skipped.length > 0 ? { skipped: skipped.join('; ') } : {}),
    seconds,
    load: { before: loadBefore, after: load() },
    results,
    output: output
      .split('\n')
      .filter((line) => !line.startsWith(RESULT_PREFIX) && !line.startsWith(SKIP_PREFIX))
      .join('\n'),
    // Kept only where it explains something: a bench that failed or skipped.
    ...(problem || skipped.length > 0 ? { stderr: run.stderr ?? '' } : {}),
  });
  const verdict = problem
    ? `FAILED (${problem})`
    : skipped.length > 0
      ? `SKIPPED (${skipped.join('; ')})`
      : 'ok';
  console.error(`${pkg.name}: ${verdict} in ${seconds} s`);
  if (problem || skipped.length > 0) process.stderr.write(run.stderr ?? '');
}

machine.loadAtEnd = load();
const incomplete = runs.filter((r) => r.problem !== undefined || r.skipped !== undefined);
const summary = summaryRows(runs).filter(
  (row) => values.only === undefined || runs.some((r) => r.package === row.package),
);

if (outDir !== undefined) {
  const when = new Date().toISOString();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.md'), renderMarkdown(when));
  writeFileSync(
    join(outDir, 'results.json'),
    `${JSON.stringify({ when, ...(smoke ? { smoke } : {}), machine, summary, runs }, null, 2)}\n`,
  );
}
if (smoke) {
  console.log(
    JSON.stringify({
      smoke: true,
      runs: runs.map((r) => ({
        package: r.package,
        problem: r.problem,
        skipped: r.skipped,
        results: r.results.map((x) => x.name),
      })),
      summary: summary.map((row) => ({ name: row.name, measured: row.measured, reason: row.reason })),
    }),
  );
}
if (incomplete.length > 0) {
  console.error(`bench: INCOMPLETE, ${incomplete.map((r) => r.package).join(', ')} failed or skipped`);
}
process.exit(incomplete.length === 0 ? 0 : 1);

function renderMarkdown(when) {
  const missing = summary.filter((row) => !row.measured).length;
  return [
    '# Benchmarks',
    '',
    `\`pnpm bench${smoke ? ' --smoke` (tiny sizes: these figures mean nothing)' : '`'} on ${when}: Node ${machine.node}, ` +
      `${machine.cores} cores (${machine.cpu}), load average ${machine.loadAtStart.join(' / ')} (1 / 5 / 15 min) at ` +
      `the start, ${machine.loadAtEnd.join(' / ')} at the end.`,
    '',
    ...incomplete.flatMap((r) => [
      `> **${r.problem ? 'FAILED' : 'SKIPPED'}: ${r.package}** (\`${r.command}\`): ${r.problem ?? r.skipped}. ` +
        'Its rows in the summary read NOT MEASURED; its section below shows what it printed.',
      '',
    ]),
    '## Summary',
    '',
    'Each TripoKit figure against a baseline measured in the same run, on the same machine' +
      (missing > 0 ? ` (${missing} row(s) NOT MEASURED in this run)` : '') +
      '. The sections below say how each was measured; `bench/results.json` holds the same rows (`summary`) with ' +
      'every result and its details (`runs`).',
    '',
    renderSummaryTable(summary),
    '',
    'In words:',
    '',
    ...renderSummaryWords(summary),
    '',
    ...runs.flatMap((r) => {
      const status = r.problem ? `, FAILED: ${r.problem}` : r.skipped ? `, SKIPPED: ${r.skipped}` : '';
      const stdout = r.output.trim() === '' ? '(it printed nothing on stdout)' : r.output.trimEnd();
      const others = r.results.filter((x) => !summary.some((row) => row.name === x.name && row.measured));
      return [
        `## ${r.package} (\`${r.command}\`, ${r.seconds} s${status})`,
        '',
        '```',
        stdout,
        '```',
        '',
        ...(r.stderr === undefined
          ? []
          : [
              'Its stderr (last 40 lines):',
              '',
              '```',
              r.stderr.trim() === ''
                ? '(nothing on stderr either)'
                : r.stderr.trimEnd().split('\n').slice(-40).join('\n'),
              '```',
              '',
            ]),
        ...(others.length === 0
          ? []
          : [
              'More results of this package, each against its same-run baseline:',
              '',
              renderSummaryTable(others.map((x) => ({ ...x, measured: true }))),
              '',
            ]),
      ];
    }),
  ].join('\n');
}
