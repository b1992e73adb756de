// `pnpm bench`: runs every package's benchmarks (each package.json with a `bench` script, found on disk, so a
// new package's bench joins by itself) and writes bench/results.md and bench/results.json. Each bench compares
// itself with a baseline measured in the same run; a stdout line that is a JSON object with `name` and `ratio`
// is a headline result, everything else is kept verbatim. `--smoke` sets TRIPOKIT_BENCH_SMOKE=1 (benches that
// honour it run a tiny size) and writes nothing; `--only <dir>` runs one package.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { smoke: { type: 'boolean' }, only: { type: 'string' } } });

const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(
    ({ dir, pkg }) => pkg.scripts?.bench !== undefined && (values.only === undefined || values.only === dir),
  );

const runs = [];
for (const { dir, pkg } of packages) {
  const started = performance.now();
  const run = spawnSync('pnpm', ['run', '--silent', 'bench'], {
    cwd: join(root, 'packages', dir),
    encoding: 'utf8',
    env: { ...process.env, ...(values.smoke ? { TRIPOKIT_BENCH_SMOKE: '1' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = run.stdout ?? '';
  const results = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        const value = JSON.parse(line);
        return typeof value.name === 'string' && typeof value.ratio === 'number' ? [value] : [];
      } catch {
        return [];
      }
    });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  runs.push({
    package: pkg.name,
    command: pkg.scripts.bench,
    exitCode: run.status,
    seconds,
    results,
    output,
  });
  console.error(`${pkg.name}: ${run.status === 0 ? 'ok' : `exit ${run.status}`} in ${seconds} s`);
  if (run.status !== 0) process.stderr.write(run.stderr ?? '');
}

const failed = runs.filter((r) => r.exitCode !== 0);
if (!values.smoke) {
  const when = new Date().toISOString();
  const headline = runs.flatMap((r) => r.results.map((x) => ({ package: r.package, ...x })));
  const md = [
    '# Benchmarks',
    '',
    `\`pnpm bench\` on ${when}, Node ${process.version}. Each figure is against a baseline measured in the same run.`,
    '',
    '| package | benchmark | baseline | TripoKit | ratio | goal |',
    '| --- | --- | --- | --- | --- | --- |',
    ...headline.map(
      (h) =>
        `| ${h.package} | ${h.title ?? h.name} | ${h.baselineMs ?? h.baseline ?? ''} ms | ${h.valueMs ?? h.value ?? ''} ms | ${h.ratio}x | ${h.goal ?? ''} |`,
    ),
    '',
    ...runs.flatMap((r) => [
      `## ${r.package} (\`${r.command}\`, ${r.seconds} s)`,
      '',
      '```',
      r.output.trimEnd(),
      '```',
      '',
    ]),
  ].join('\n');
  writeFileSync(join(root, 'bench/results.md'), `${md}\n`);
  writeFileSync(
    join(root, 'bench/results.json'),
    `${JSON.stringify({ when, node: process.version, runs }, null, 2)}\n`,
  );
}
process.exit(failed.length === 0 ? 0 : 1);
