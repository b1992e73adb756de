/**
 * Wall-clock cost of `TripoClient.getTask` (scheduler, HTTP layer, envelope and error checks, normalisation)
 * against a raw `fetch` + `JSON.parse` of the same simulator answer, over two transports:
 *
 * - loopback: the simulator's HTTP server on 127.0.0.1, as a real deployment would see it;
 * - in memory: a `fetch` that returns a captured copy of that same answer, which isolates the client's own work.
 *
 * The client's caps are raised so it never waits: this measures its bookkeeping, not its pacing. Calls run
 * one at a time, in alternating blocks after a warm-up; each pair of blocks gives one ratio;
 * the median and the middle half (25th–75th percentile) are reported, which a busy machine's outliers barely move.
 */
import { TripoClient } from '@tripokit/core';
import { FakeClock, startTripoSimulator } from '@tripokit/testing';
import { fixed, median, quantile, table } from './stats.mjs';

const API_KEY = 'tsk_bench_key';
const UNCAPPED = { maxRequestsPerSecond: 1e9, maxConcurrentRequests: 1 };

async function timeBlock(call, iterations) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await call();
  return ((performance.now() - start) * 1000) / iterations;
}

/** Alternating blocks of `raw` and `client` calls; per-call µs and client/raw ratios, one per block pair. */
async function compare(raw, client, { warmup, rounds, perRound }) {
  for (let i = 0; i < warmup; i++) {
    await raw();
    await client();
  }
  const rawUs = [];
  const clientUs = [];
  const ratios = [];
  const extraUs = [];
  for (let r = 0; r < rounds; r++) {
    let a;
    let b;
    if (r % 2 === 0) {
      a = await timeBlock(raw, perRound);
      b = await timeBlock(client, perRound);
    } else {
      b = await timeBlock(client, perRound);
      a = await timeBlock(raw, perRound);
    }
    rawUs.push(a);
    clientUs.push(b);
    ratios.push(b / a);
    extraUs.push(b - a);
  }
  return {
    rawUs: median(rawUs),
    clientUs: median(clientUs),
    extraUs: median(extraUs),
    ratio: median(ratios),
    ratioP25: quantile(ratios, 0.25),
    ratioP75: quantile(ratios, 0.75),
    calls: warmup + rounds * perRound,
  };
}

function rawGet(fetchImpl, url) {
  const headers = { Authorization: `Bearer ${API_KEY}`, Accept: 'application/json' };
  return async () => {
    const response = await fetchImpl(url, { headers });
    const body = JSON.parse(await response.text());
    if (body.data.status !== 'success') throw new Error('bench: unexpected raw answer');
    return body;
  };
}

function clientGet(client, taskId) {
  return async () => {
    const task = await client.getTask(taskId);
    if (task.status !== 'success') throw new Error('bench: unexpected client answer');
    return task;
  };
}

/** Runs both comparisons against one loopback simulator holding one finished task. */
export async function benchOverhead({
  loopback = { warmup: 1000, rounds: 60, perRound: 100 },
  inMemory = { warmup: 5000, rounds: 40, perRound: 1000 },
} = {}) {
  const clock = new FakeClock({ autoAdvance: false });
  const running = await startTripoSimulator({ clock, apiKey: API_KEY, linkTtlMs: Number.POSITIVE_INFINITY });
  try {
    const base = running.apiBase;
    const setup = new TripoClient({ apiKey: API_KEY, baseUrl: base, env: {}, ...UNCAPPED });
    const { taskId } = await setup.createTask({ type: 'text_to_model', prompt: 'a red cube' });
    clock.advance(10 * 60_000);
    const url = `${base}/tasks/${taskId}`;

    const overLoopback = await compare(
      rawGet(fetch, url),
      clientGet(new TripoClient({ apiKey: API_KEY, baseUrl: base, env: {}, ...UNCAPPED }), taskId),
      loopback,
    );

    const captured = await fetch(url, { headers: { Authorization: `Bearer ${API_KEY}` } });
    const body = await captured.text();
    const headers = [...captured.headers];
    const canned = async () => new Response(body, { status: 200, headers });
    const overMemory = await compare(
      rawGet(canned, url),
      clientGet(
        new TripoClient({ apiKey: API_KEY, baseUrl: base, env: {}, fetch: canned, ...UNCAPPED }),
        taskId,
      ),
      inMemory,
    );
    return { loopback: overLoopback, inMemory: overMemory, bodyBytes: Buffer.byteLength(body) };
  } finally {
    await running.close();
  }
}

/** The overhead results as a table plus ratios. */
export function formatOverhead({ loopback, inMemory, bodyBytes }) {
  const row = (name, m) => [
    name,
    fixed(m.rawUs),
    fixed(m.clientUs),
    fixed(m.extraUs),
    `${fixed(m.ratio, 2)}x`,
    `${fixed(m.ratioP25, 2)}–${fixed(m.ratioP75, 2)}`,
    m.calls,
  ];
  return [
    `getTask overhead: one finished v3 task (${bodyBytes}-byte answer), calls one at a time, wall clock.`,
    '',
    table([
      [
        'transport',
        'raw fetch+JSON.parse (µs)',
        'client.getTask (µs)',
        'overhead (µs)',
        'ratio',
        'ratio p25–p75',
        'calls each',
      ],
      row('loopback HTTP', loopback),
      row('in memory', inMemory),
    ]),
    '',
    `Over loopback HTTP a getTask costs ${fixed(loopback.ratio, 2)}x a raw fetch+JSON.parse ` +
      `(+${fixed(loopback.extraUs)} µs); the client's own work alone is ` +
      `${fixed(inMemory.extraUs)} µs per call (${fixed(inMemory.ratio, 2)}x with no network).`,
  ].join('\n');
}
