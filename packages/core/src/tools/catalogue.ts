import { checkRiggableTool } from './check-riggable.js';
import { completeMeshTool } from './complete-mesh.js';
import { convertModelTool } from './convert-model.js';
import { create3dModelFromImageTool } from './create-3d-model-from-image.js';
import { create3dModelFromMultiviewTool } from './create-3d-model-from-multiview.js';
import { create3dModelFromTextTool } from './create-3d-model-from-text.js';
import { downloadModelTool } from './download-model.js';
import { estimateCostTool } from './estimate-cost.js';
import { generate3dModelTool } from './generate-3d-model.js';
import { generateImageTool } from './generate-image.js';
import { generateMultiviewImageTool } from './generate-multiview-image.js';
import { getBalanceTool } from './get-balance.js';
import { getTaskStatusTool } from './get-task-status.js';
import { importModelTool } from './import-model.js';
import { listRecentTasksTool } from './list-recent-tasks.js';
import { refineModelTool } from './refine-model.js';
import { retargetAnimationTool } from './retarget-animation.js';
import { rigModelTool } from './rig-model.js';
import { segmentMeshTool } from './segment-mesh.js';
import { smartLowpolyTool } from './smart-lowpoly.js';
import { stylizeModelTool } from './stylize-model.js';
import { textureModelTool } from './texture-model.js';
import type { ToolDefinition } from './types.js';
import { uploadFileTool } from './upload-file.js';
import { waitForTaskTool } from './wait-for-task.js';

/**
 * Every tool, in the order hosts should list them: the one-call path first, then starting, watching and
 * fetching work, then post-processing, then account and housekeeping.
 */
export const tripoTools = [
  generate3dModelTool,
  create3dModelFromTextTool,
  create3dModelFromImageTool,
  create3dModelFromMultiviewTool,
  getTaskStatusTool,
  waitForTaskTool,
  downloadModelTool,
  textureModelTool,
  refineModelTool,
  stylizeModelTool,
  convertModelTool,
  checkRiggableTool,
  rigModelTool,
  retargetAnimationTool,
  segmentMeshTool,
  completeMeshTool,
  smartLowpolyTool,
  importModelTool,
  generateImageTool,
  generateMultiviewImageTool,
  uploadFileTool,
  getBalanceTool,
  estimateCostTool,
  listRecentTasksTool,
] as const satisfies readonly ToolDefinition[];

/** The name of a catalogue tool. */
export type TripoToolName = (typeof tripoTools)[number]['name'];

/** Every tool name, in catalogue order. */
export const TRIPO_TOOL_NAMES: readonly TripoToolName[] = tripoTools.map((tool) => tool.name);

/** One catalogue tool, by name, with its exact input and output types. */
export type TripoToolsByName = { [T in (typeof tripoTools)[number] as T['name']]: T };

/** The catalogue keyed by tool name. */
export const tripoToolsByName: Readonly<TripoToolsByName> = Object.freeze(
  Object.fromEntries(tripoTools.map((tool) => [tool.name, tool])) as TripoToolsByName,
);

/** The definition of a tool by name, or `undefined`. */
export function getTripoTool(name: string): ToolDefinition | undefined {
  return Object.hasOwn(tripoToolsByName, name)
    ? (tripoToolsByName[name as TripoToolName] as ToolDefinition)
    : undefined;
}
