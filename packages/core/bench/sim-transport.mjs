/**
 * In-process transport to the simulator: a `fetch` that hands each request straight to
 * `TripoSimulator.handle`, the function its msw handlers and loopback server both call. Skipping msw's
 * interception keeps tens of thousands of requests fast; both sides of a comparison use the same transport.
 */

/** A plain `fetch` into `sim`. */
export function simFetch(sim) {
  return (input, init) => sim.handle(new Request(input, init));
}

function pathOf(input) {
  return new URL(typeof input === 'string' ? input : input.url).pathname;
}

/**
 * A `fetch` into `sim` that records, on `clock`, when every request started, how many were in flight at
 * once (from the call until the response arrives), and how many task ids each batch query carried.
 */
export function recordingSimFetch(sim, clock) {
  const starts = [];
  const batchSizes = [];
  let taskReads = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  const fetch = async (input, init) => {
    starts.push(clock.now());
    const path = pathOf(input);
    if (path.endsWith('/tasks/list')) {
      const ids = JSON.parse(String(init?.body)).task_ids.length;
      batchSizes.push(ids);
      taskReads += ids;
    } else if (/\/tasks\/[^/]+$/.test(path)) taskReads += 1;
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      return await sim.handle(new Request(input, init));
    } finally {
      inFlight--;
    }
  };
  return {
    fetch,
    get starts() {
      return starts;
    },
    /** Task snapshots asked for: one per task read, one per id in a batch query. */
    get taskReads() {
      return taskReads;
    },
    /** Ids per batch query, in order. */
    get batchSizes() {
      return batchSizes;
    },
    get peakInFlight() {
      return peakInFlight;
    },
  };
}
