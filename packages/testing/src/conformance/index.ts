/**
 * `@tripokit/testing/conformance`: the scenarios every TripoKit adapter must pass, written once and run by
 * each adapter's own tests through a small driver. Adding a framework means writing one driver.
 */

export { comparableSchema } from './checks.js';
export {
  CONFORMANCE_GROUPS,
  type ConformanceApiVersion,
  type ConformanceDriver,
  type ConformanceEnv,
  type ConformanceGroup,
  type ConformanceSuiteOptions,
  type ConformanceToolOptions,
  type ProgressUpdate,
  type SimulatorMode,
  type SimulatorReading,
  type ToolCallError,
  type ToolCallOptions,
  type ToolCallOutcome,
  type ToolListing,
} from './driver.js';
export { catalogueListing, progressRecorder, toolCallError } from './driver-helpers.js';
export { CONFORMANCE_API_KEY } from './environment.js';
export { runConformanceSuite } from './suite.js';
