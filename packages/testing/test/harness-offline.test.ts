import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { useSimulatorHarness } from '../src/harness/index.js';
import { listenHttp } from '../src/listen.js';

useSimulatorHarness({ apiKey: 'tsk_harness_offline_test', name: 'harness-offline' });

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('useSimulatorHarness without passLoopback', () => {
  it.each(['/', '/subject.png', '/data.json'])(
    'fails an unhandled request for %s without letting it reach the network',
    async (file) => {
      let hits = 0;
      server = createServer((_req, res) => {
        hits++;
        res.end('reached');
      });
      const origin = await listenHttp(server, 0, '127.0.0.1');
      await expect(fetch(`${origin}${file}`)).rejects.toThrow();
      expect(hits, 'the request never left the process').toBe(0);
    },
  );
});
