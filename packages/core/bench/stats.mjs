/** Small, dependency-free helpers the benchmarks share: a seeded random source and summary statistics. */

/** mulberry32: a tiny seeded PRNG, so every run draws the same "random" numbers. Values in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `fn` with `Math.random` replaced by a seeded source. TripoClient takes no random source of its own
 * (its wait jitter reads `Math.random`), so this is how the waiting benchmark stays reproducible.
 */
export async function withSeededMathRandom(seed, fn) {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

/** The `q` quantile (0–1) of `values`, nearest-rank. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of `values`. */
export function median(values) {
  return quantile(values, 0.5);
}

/** The most timestamps (ms) that fall in any window of `windowMs`. */
export function peakPerWindow(timestamps, windowMs = 1000) {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to] - sorted[from] >= windowMs) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

/** Renders rows (arrays of cells) as an aligned plain-text table; the first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])));
  const [head, ...body] = rows;
  const rule = widths.map((w) => '-'.repeat(w));
  return [line(head), line(rule), ...body.map(line)].map((cells) => cells.join('  ')).join('\n');
}

/** `x` rounded to `digits` decimals, as text. */
export function fixed(x, digits = 1) {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}
