import type { ReactElement } from 'react';

/** A determinate bar when `value` is known, an indeterminate shimmer otherwise. */
export function ProgressBar({ value, label }: { value: number | undefined; label: string }): ReactElement {
  const pct = value === undefined ? undefined : Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className={pct === undefined ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={pct === undefined ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
