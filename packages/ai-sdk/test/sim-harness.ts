import { RecentTasks } from '@tripokit/core';
import { type SimulatorHarness, useSimulatorHarness } from '@tripokit/testing/harness';
import { type CreateTripoToolsOptions, createTripoTools, type TripoTools } from '../src/index.js';

/** The only key the simulator accepts. */
export const KEY = 'tsk_ai_sdk_test_4b9e0c7d21aa';

/** Per-test simulator on a fake clock (msw), an output folder, and tools wired to both. */
export interface SimHarness extends SimulatorHarness {
  tools(extra?: CreateTripoToolsOptions): TripoTools;
}

/** Registers the hooks and returns a handle whose fields are fresh in every test. */
export function useSimulator(): SimHarness {
  return useSimulatorHarness({ apiKey: KEY, name: 'ai-sdk' }, ({ toolOptions }) => ({
    tools: (extra: CreateTripoToolsOptions = {}) =>
      createTripoTools({ ...toolOptions, recentTasks: new RecentTasks(), ...extra }),
  }));
}
