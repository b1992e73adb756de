/**
 * `@tripokit/testing`: a Tripo API simulator (v3 and v2 dialects) with msw handlers for in-process tests and a
 * loopback HTTP server, plus the virtual-time {@link FakeClock} tests share with the client.
 */

export { isGlb, type PbrMaterial, writeGlb, writeGltf } from './assets/glb.js';
export type { Mesh } from './assets/mesh.js';
export { type BuiltModel, buildModel, type ModelGeometry } from './assets/model-geometry.js';
export { crc32, encodePng, isPng, type RgbaImage } from './assets/png.js';
export { type RenderView, renderMesh } from './assets/render.js';
export { SHAPES, type ShapeName, shapeMesh } from './assets/shapes.js';
export { COLORS, describeSubject, type Rgb, type Subject } from './assets/subject.js';
export { createTripoHandlers } from './msw.js';
export {
  type RunningTripoSimulator,
  type StartTripoSimulatorOptions,
  startTripoSimulator,
} from './server.js';
export {
  FakeClock,
  type FakeClockOptions,
  ScaledClock,
  type ScaledClockOptions,
  type SimClock,
} from './sim/clock.js';
export { ERROR_TABLE } from './sim/errors.js';
export type { FaultHandle, FaultKind, FaultSpec, RouteKind } from './sim/faults.js';
export {
  BUILTIN_KEYWORDS,
  type Outcome,
  REJECT_KEYWORD,
  type ScriptedOutcome,
  type ScriptHandle,
  type ScriptMatch,
} from './sim/outcomes.js';
export { priceOf } from './sim/pricing.js';
export {
  type SimFileRequest,
  type SimRequest,
  type SimTask,
  TripoSimulator,
  type TripoSimulatorOptions,
  type WatchFrame,
  type WatchSession,
} from './sim/simulator.js';
export { TASK_TYPES, type TaskType } from './sim/task-types.js';
export { DEFAULT_TIMING, type SimTiming } from './sim/tasks.js';
export type { Dialect } from './sim/types.js';
