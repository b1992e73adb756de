/**
 * The summary table at the top of bench/results.md (and `summary` in bench/results.json): one row per figure
 * issue 12 (item 8) asks for, in this order, each against its baseline measured in the same run. A row whose
 * result is missing (its package failed or was skipped, or no longer prints it) stays in the table as
 * "not measured", with the reason: the summary never shrinks silently.
 */

/**
 * `name`: the BENCH_RESULT name; `package`: who prints it; `what` and `goal`: the row's words when it was not
 * measured (a measured row shows its result's own title and goal).
 */
export const SUMMARY = [
  {
    name: 'mcp-cold-start',
    goal: '<= 3x',
    package: '@tripokit/mcp',
    what: 'MCP server: spawn to tools/list over stdio',
  },
  {
    name: 'mcp-tools-list-bytes',
    goal: '<= 25,000 bytes',
    package: '@tripokit/mcp',
    what: 'tools/list answer size, whole catalogue',
  },
  {
    name: 'mcp-tools-list-core-bytes',
    goal: '<= 8,000 bytes',
    package: '@tripokit/mcp',
    what: 'tools/list answer size, `core` preset',
  },
  {
    name: 'wait-one-task-reads',
    goal: '<= 16 reads',
    package: '@tripokit/core',
    what: 'Task reads while waiting for a 90 s v3 task',
  },
  {
    name: 'wait-one-task-detection',
    package: '@tripokit/core',
    what: 'Completion-detection delay for a 90 s v3 task',
  },
  {
    name: 'wait-concurrent-rate',
    goal: "<= 10/s (the client's cap)",
    package: '@tripokit/core',
    what: '1,000 concurrent waits: peak requests/s',
  },
  { name: 'wait-concurrent-rss', package: '@tripokit/core', what: '1,000 concurrent waits: peak RSS growth' },
  { name: 'download-rss', package: '@tripokit/core', what: 'downloadTaskOutput: RSS growth' },
  { name: 'download-throughput', package: '@tripokit/core', what: 'downloadTaskOutput: throughput' },
  { name: 'batch-throughput', package: '@tripokit/batch', what: 'Batch engine throughput' },
  {
    name: 'batch-redis-bytes-per-job',
    package: '@tripokit/batch',
    what: 'Batch engine: Redis memory per queued job',
  },
];

/** A figure with its unit, grouped by thousands. */
export function figure(value, unit) {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unit === 'x' ? `${text}x` : `${text} ${unit}`;
}

/** `<=` as `≤`, for the goals the benches write in ASCII. */
const words = (text) => text.replace(/<=/g, '≤').replace(/>=/g, '≥');

/**
 * The summary rows from the runs (`{ package, problem?, skipped?, results }` each): a measured row carries its
 * result's fields; a missing one `{ name, title, package, measured: false, reason }`.
 */
export function summaryRows(runs) {
  return SUMMARY.map((spec) => {
    const run = runs.find((r) => r.package === spec.package);
    const result = run?.results.find((x) => x.name === spec.name);
    if (result !== undefined) {
      const { detail: _detail, ...headline } = result;
      return { ...headline, package: spec.package, measured: true };
    }
    const [why, reason] =
      run === undefined
        ? ['did not run', `${spec.package}'s bench did not run`]
        : run.skipped !== undefined
          ? ['skipped', `${spec.package} skipped: ${run.skipped}`]
          : run.problem !== undefined
            ? ['failed', `${spec.package} failed: ${run.problem}`]
            : ['printed no such result', `${spec.package} printed no ${spec.name} result`];
    const short = `${spec.package} ${why}`;
    return {
      name: spec.name,
      title: spec.what,
      goal: spec.goal,
      package: spec.package,
      measured: false,
      reason,
      short,
    };
  });
}

/** The cell of a met goal. */
function met(row) {
  if (!row.measured) return '**NOT MEASURED**';
  if (row.goal === undefined || row.met === undefined) return '–';
  return row.met ? 'yes' : '**NO**';
}

/** The summary as a Markdown table: what | baseline | TripoKit | ratio | goal | met? */
export function renderSummaryTable(rows) {
  const lines = [
    '| what | baseline (same run) | TripoKit | ratio | goal | met? |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    if (!row.measured) {
      lines.push(
        `| ${row.title} | not measured: ${row.short} (see the note above) | – | – | ${row.goal === undefined ? '–' : words(row.goal)} | ${met(row)} |`,
      );
      continue;
    }
    lines.push(
      `| ${row.title} | ${figure(row.baseline.value, row.unit)} (${row.baseline.label}) | ${figure(row.value, row.unit)} | ` +
        `${row.ratio}x (${row.better} is better) | ${row.goal === undefined ? '–' : words(row.goal)} | ${met(row)} |`,
    );
  }
  return lines.join('\n');
}

/** One sentence per row, in words a README can quote. */
export function renderSummaryWords(rows) {
  return rows.map((row) => {
    if (!row.measured) return `- ${row.title}: NOT MEASURED (${row.reason}).`;
    const goal =
      row.goal === undefined
        ? ''
        : `; goal ${words(row.goal)}: ${row.met === undefined ? 'see above' : row.met ? 'met' : 'NOT met'}`;
    return (
      `- ${row.title}: ${figure(row.value, row.unit)} against ${figure(row.baseline.value, row.unit)} ` +
      `for ${row.baseline.label}, ${row.ratio}x (${row.better} is better)${goal}.`
    );
  });
}
