import { RecentTasks } from '@tripokit/core';
import { type SimulatorHarness, useSimulatorHarness } from '@tripokit/testing/harness';
import { type CreateTripoToolsOptions, createTripoTools, type TripoStructuredTool } from '../src/index.js';

/** The only key the simulator accepts. */
export const KEY = 'tsk_langchain_test_51c8a0e2f7';

/** Per-test simulator on a fake clock (msw), an output folder, and tools wired to both. */
export interface SimHarness extends SimulatorHarness {
  tools(extra?: CreateTripoToolsOptions): TripoStructuredTool[];
}

/** Registers the hooks and returns a handle whose fields are fresh in every test. */
export function useSimulator(): SimHarness {
  return useSimulatorHarness({ apiKey: KEY, name: 'langchain' }, ({ toolOptions }) => ({
    tools: (extra: CreateTripoToolsOptions = {}) =>
      createTripoTools({ ...toolOptions, recentTasks: new RecentTasks(), ...extra }),
  }));
}
