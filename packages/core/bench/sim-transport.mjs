/**
 * In-process transport to the simulator: a `fetch` that hands each request straight to
 * `TripoSimulator.handle`, the function its msw handlers and loopback server both call. Skipping msw's
 * interception keeps tens of thousands of requests fast; both sides of a comparison use the same transport.
 */

/** A plain `fetch` into `sim`. */
export function simFetch(sim) {
  return (input, init) => sim.handle(new Request(input, init));
}

/**
 * A `fetch` into `sim` that records, on `clock`, when every request started and how many were in flight at
 * once (from the call until the response arrives).
 */
export function recordingSimFetch(sim, clock) {
  const starts = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const fetch = async (input, init) => {
    starts.push(clock.now());
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
    get peakInFlight() {
      return peakInFlight;
    },
  };
}
