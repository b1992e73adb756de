import type { BatchSummary } from './store.js';

/** How a batch is going, from its totals and when watching began. */
export interface BatchProgress {
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  parked: number;
  running: number;
  queued: number;
  spent: number;
  reserved: number;
  /** Seconds left at the rate jobs settled so far; undefined until one has. */
  etaSeconds?: number;
}

/** Works out {@link BatchProgress}. `startDone` is how many jobs were settled when watching began. */
export function batchProgress(
  summary: BatchSummary,
  watch: { startedAt: number; startDone: number; now: number },
): BatchProgress {
  const c = summary.counts;
  const done = c.succeeded + c.failed + c.parked;
  const progress: BatchProgress = {
    done,
    total: summary.total,
    succeeded: c.succeeded,
    failed: c.failed,
    parked: c.parked,
    running: c.creating + c.waiting + c.downloading,
    queued: c.queued,
    spent: summary.spent,
    reserved: summary.reserved,
  };
  const settledSince = done - watch.startDone;
  const elapsed = (watch.now - watch.startedAt) / 1000;
  if (settledSince > 0 && elapsed > 0)
    progress.etaSeconds = ((summary.total - done) / settledSince) * elapsed;
  return progress;
}

/** `1h02m`, `3m05s`, `42s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** One line: a bar, the counts, credits and the ETA. */
export function formatProgressLine(p: BatchProgress, width = 24): string {
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const parts = [
    `${bar} ${p.done}/${p.total}`,
    `completed ${p.succeeded}`,
    `failed ${p.failed}`,
    `running ${p.running}`,
    ...(p.parked > 0 ? [`parked ${p.parked}`] : []),
    `credits ${p.spent}${p.reserved > 0 ? ` (+${p.reserved} held)` : ''}`,
    `ETA ${p.done === p.total ? '0s' : p.etaSeconds === undefined ? '…' : formatDuration(p.etaSeconds)}`,
  ];
  return parts.join('  ');
}
