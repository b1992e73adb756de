/**
 * `@tripokit/testing/harness`: the vitest plumbing every adapter's tests share: a per-test simulator behind
 * msw on a fake clock with its own folders, and the README example checks.
 */

export { describeReadmeExample, type ExampleToolCall, type ReadmeExampleOptions } from './readme-example.js';
export {
  type SimulatorHarness,
  type SimulatorHarnessOptions,
  type SimulatorToolOptions,
  useSimulatorHarness,
} from './simulator-harness.js';
