import { summaryOf } from './batch.js';
import type { JobRecord, JobStep } from './job-record.js';
import type { BatchSummary } from './store.js';

/** One row of a {@link BatchReport}. */
export interface BatchReportRow {
  jobId: string;
  line: number;
  id?: string;
  prompt: string;
  step: JobStep;
  taskId?: string;
  previousTaskIds?: string[];
  credits: number;
  path?: string;
  error?: { code: string; message: string; suggestion?: string };
}

/** The final report of a batch (the JSON file `run` writes). */
export interface BatchReport {
  batchId: string;
  source?: string;
  outDir: string;
  generatedAt: string;
  total: number;
  counts: Record<JobStep, number>;
  credits: { spent: number; reserved: number; budget?: number };
  durationSeconds?: number;
  jobs: BatchReportRow[];
}

export function buildReport(
  summary: BatchSummary,
  jobs: readonly JobRecord[],
  durationMs?: number,
): BatchReport {
  return {
    batchId: summary.batchId,
    ...(summary.source ? { source: summary.source } : {}),
    outDir: summary.outDir,
    generatedAt: new Date().toISOString(),
    total: summary.total,
    counts: summary.counts,
    credits: {
      spent: summary.spent,
      reserved: summary.reserved,
      ...(summary.budget !== undefined ? { budget: summary.budget } : {}),
    },
    ...(durationMs !== undefined ? { durationSeconds: Math.round(durationMs / 100) / 10 } : {}),
    jobs: jobs.map((job) => ({
      jobId: job.jobId,
      line: job.index + 1,
      ...(job.input.id ? { id: job.input.id } : {}),
      prompt: summaryOf(job.input),
      step: job.step,
      ...(job.taskId ? { taskId: job.taskId } : {}),
      ...(job.previousTaskIds.length > 0 ? { previousTaskIds: job.previousTaskIds } : {}),
      credits: job.credits,
      ...(job.path ? { path: job.path } : {}),
      ...(job.error && job.step !== 'succeeded' ? { error: job.error } : {}),
    })),
  };
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/**
 * A plain-text table: the totals, then one row per job that did not succeed (all rows when `all` or when the
 * batch is small), so a thousand-line batch still ends in a readable screen.
 */
export function formatReportTable(report: BatchReport, options: { all?: boolean } = {}): string {
  const c = report.counts;
  const lines = [
    `Batch ${report.batchId}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.parked} parked (of ${report.total})` +
      `; credits spent ${report.credits.spent}${report.credits.budget !== undefined ? ` of ${report.credits.budget}` : ''}` +
      `${report.durationSeconds !== undefined ? `; ${report.durationSeconds} s` : ''}.`,
  ];
  const rows =
    options.all || report.jobs.length <= 30 ? report.jobs : report.jobs.filter((j) => j.step !== 'succeeded');
  if (rows.length === 0) return lines.join('\n');
  lines.push(
    '',
    `${'line'.padEnd(5)} ${'prompt'.padEnd(32)} ${'result'.padEnd(10)} ${'task'.padEnd(36)} ${'credits'.padEnd(7)} file / reason`,
  );
  for (const row of rows) {
    const detail = row.path ?? (row.error ? `${row.error.code}: ${row.error.message}` : '');
    lines.push(
      `${String(row.line).padEnd(5)} ${cut(row.id ?? row.prompt, 32)} ${row.step.padEnd(10)} ${(row.taskId ?? '-').padEnd(36)} ${String(row.credits).padEnd(7)} ${detail}`,
    );
  }
  if (c.parked > 0) {
    lines.push(
      '',
      'Parked jobs may have made a paid task: run `tripokit-batch reconcile <batch>` before anything else.',
    );
  }
  if (c.failed > 0) lines.push('', 'Run `tripokit-batch retry-failed <batch>` to try the failed ones again.');
  return lines.join('\n');
}
