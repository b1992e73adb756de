import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecentTasks } from '@tripokit/core';
import { createTripoHandlers, FakeClock, TripoSimulator } from '@tripokit/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type CreateTripoToolsOptions, createTripoTools, type TripoStructuredTool } from '../src/index.js';

/** The only key the simulator accepts. */
export const KEY = 'tsk_langchain_test_51c8a0e2f7';

/** Per-test simulator on a fake clock (msw), an output folder, and tools wired to both. */
export interface SimHarness {
  sim: TripoSimulator;
  clock: FakeClock;
  outputDir: string;
  tools(extra?: CreateTripoToolsOptions): TripoStructuredTool[];
}

/** Registers the hooks and returns a handle whose fields are fresh in every test. */
export function useSimulator(): SimHarness {
  const msw = setupServer();
  const harness = {} as SimHarness;
  let root = '';
  beforeAll(() => msw.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => msw.close());
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tripokit-langchain-'));
    const clock = new FakeClock();
    const sim = new TripoSimulator({ clock, apiKey: KEY });
    msw.resetHandlers(...createTripoHandlers(sim));
    const outputDir = path.join(root, 'models');
    Object.assign(harness, {
      sim,
      clock,
      outputDir,
      tools: (extra: CreateTripoToolsOptions = {}) =>
        createTripoTools({
          clientOptions: { apiKey: KEY, baseUrl: sim.apiBase('v3'), clock },
          outputDir,
          env: {},
          recentTasks: new RecentTasks(),
          ...extra,
        }),
    });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return harness;
}
