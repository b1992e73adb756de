import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { useSimulatorHarness } from '../src/harness/index.js';
import { listenHttp } from '../src/listen.js';

const h = useSimulatorHarness({ apiKey: 'tsk_harness_test', name: 'harness', passLoopback: true });

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A local server on `host` that counts the requests reaching it. */
async function countingServer(host: string): Promise<{ origin: string; hits: () => number }> {
  let hits = 0;
  server = createServer((_req, res) => {
    hits++;
    res.end('reached');
  });
  const origin = await listenHttp(server, 0, host);
  return { origin, hits: () => hits };
}

describe('useSimulatorHarness with passLoopback', () => {
  it('routes the API to the simulator and lets 127.0.0.1 through to a real local server', async () => {
    const balance = await fetch(`${h.sim.apiBase('v3')}/account/balance`, {
      headers: { authorization: 'Bearer tsk_harness_test' },
    });
    expect(balance.status).toBe(200);
    const local = await countingServer('127.0.0.1');
    expect(await (await fetch(local.origin)).text()).toBe('reached');
    expect(local.hits()).toBe(1);
  });

  it('fails any other unhandled request without letting it reach the network', async () => {
    // 127.0.0.2 is a real address on Linux but not one the harness passes: it stands for the outside world.
    const outside = await countingServer('127.0.0.2');
    await expect(fetch(outside.origin)).rejects.toThrow();
    expect(outside.hits(), 'the request never left the process').toBe(0);
  });
});
