/**
 * The one protocol every package's `bench` script speaks to the root runner (`bench/run.mjs`).
 *
 * A bench prints whatever a reader wants to see, plus one line per headline result:
 * `BENCH_RESULT {json}`, where the JSON is a {@link BenchResult}. Every result compares TripoKit with a
 * baseline measured in the same run (or, for a size, with the budget it must stay under), so a slow or busy
 * machine moves both sides. With `TRIPOKIT_BENCH_SMOKE=1` a bench runs a tiny size in a few seconds: the tests
 * run it that way so that the scripts cannot rot; its figures mean nothing and nobody records them. A bench that
 * cannot measure on this machine (a missing server) calls {@link skip}: one `BENCH_SKIPPED reason` line, which
 * the runner reports at the top of results.md (and fails the run), never an empty section.
 *
 * @typedef {object} BenchResult
 * @property {string} name  stable id, kebab-case, e.g. `mcp-cold-start`
 * @property {string} title what was measured, in words a user can read
 * @property {string} unit  unit of `value` and `baseline.value`, e.g. `ms`, `bytes`, `reads`, `MiB/s`
 * @property {number} value TripoKit's figure
 * @property {{ label: string, value: number }} baseline what TripoKit is compared with, measured in the same run
 * @property {number} ratio `value / baseline.value`
 * @property {'lower' | 'higher'} better which way the ratio is good
 * @property {string} [goal] the target, in words (e.g. `<= 3x`, `<= 16 reads`)
 * @property {boolean} [met] whether this run met the goal
 * @property {Record<string, unknown>} [detail] more figures behind the headline
 */

export const RESULT_PREFIX = 'BENCH_RESULT ';
/** The line a bench prints when it cannot measure here (e.g. no redis-server); the runner reports it loudly. */
export const SKIP_PREFIX = 'BENCH_SKIPPED ';

/** True when the benches should run their tiny smoke size. */
export function smokeMode() {
  return process.env.TRIPOKIT_BENCH_SMOKE === '1';
}

/** `x` rounded to `digits` decimals, as a number. */
export function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Problems with `result` as a {@link BenchResult}; empty when it is one. */
export function checkResult(result) {
  const problems = [];
  const isNumber = (x) => typeof x === 'number' && Number.isFinite(x);
  if (typeof result !== 'object' || result === null) return ['not an object'];
  if (typeof result.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(result.name))
    problems.push('name must be kebab-case');
  for (const key of ['title', 'unit']) if (typeof result[key] !== 'string') problems.push(`${key} missing`);
  if (!isNumber(result.value)) problems.push('value must be a finite number');
  if (typeof result.baseline?.label !== 'string' || !isNumber(result.baseline?.value))
    problems.push('baseline must be { label, value }');
  if (!isNumber(result.ratio)) problems.push('ratio must be a finite number');
  if (result.better !== 'lower' && result.better !== 'higher')
    problems.push('better must be lower or higher');
  if (result.goal !== undefined && typeof result.goal !== 'string') problems.push('goal must be text');
  if (result.met !== undefined && typeof result.met !== 'boolean') problems.push('met must be a boolean');
  return problems;
}

/**
 * Prints one headline result for the runner. `ratio` defaults to `value / baseline.value`; a result that
 * breaks the protocol throws, so a bench cannot print one the runner would drop.
 */
export function report(result) {
  const full = { ...result, ratio: result.ratio ?? round(result.value / result.baseline.value, 3) };
  const problems = checkResult(full);
  if (problems.length > 0) throw new Error(`bench result ${full.name}: ${problems.join('; ')}`);
  console.log(`${RESULT_PREFIX}${JSON.stringify(full)}`);
  return full;
}

/**
 * Says that this bench cannot measure on this machine, and why, then exits 0: the runner shows the reason at
 * the top of bench/results.md, marks the bench's summary rows "not measured" and fails the run. For what a bench
 * could not help (a missing server); a bug should throw instead.
 */
export function skip(reason) {
  console.log(`${SKIP_PREFIX}${reason.replace(/\s+/g, ' ').trim()}`);
  console.error(`bench skipped: ${reason}`);
  process.exit(0);
}

/**
 * The results printed in `output` (a bench's stdout), the lines that claimed to be results but were not, and
 * the reasons of any {@link skip}.
 */
export function parseResults(output) {
  const results = [];
  const broken = [];
  const skipped = [];
  for (const line of output.split('\n')) {
    if (line.startsWith(SKIP_PREFIX))
      skipped.push(line.slice(SKIP_PREFIX.length).trim() || 'no reason given');
    if (!line.startsWith(RESULT_PREFIX)) continue;
    try {
      const value = JSON.parse(line.slice(RESULT_PREFIX.length));
      if (checkResult(value).length === 0) results.push(value);
      else broken.push(line);
    } catch {
      broken.push(line);
    }
  }
  return { results, broken, skipped };
}
