import { TripoError } from '../errors.js';
import { TRIPO_TOOL_NAMES, type TripoToolName, tripoTools, tripoToolsByName } from './catalogue.js';
import type { ToolDefinition } from './types.js';

/**
 * Named tool sets:
 * - `all`: every tool.
 * - `core`: the one-call path and its safety net: generate_3d_model, get_task_status, wait_for_task,
 *   download_model, list_recent_tasks.
 * - `read-only`: tools that change nothing (status, waiting, balance, estimates, recent tasks).
 * - `no-spend`: every tool that cannot spend credits (read-only ones plus download, upload, import, rig check).
 */
export const TOOL_PRESETS = ['all', 'core', 'read-only', 'no-spend'] as const;
export type ToolPreset = (typeof TOOL_PRESETS)[number];

const CORE_TOOLS: readonly TripoToolName[] = [
  'generate_3d_model',
  'get_task_status',
  'wait_for_task',
  'download_model',
  'list_recent_tasks',
];

function isPreset(value: string): value is ToolPreset {
  return (TOOL_PRESETS as readonly string[]).includes(value);
}

function presetTools(preset: ToolPreset): readonly ToolDefinition[] {
  switch (preset) {
    case 'all':
      return tripoTools;
    case 'core':
      return tripoTools.filter((tool) => CORE_TOOLS.includes(tool.name));
    case 'read-only':
      return tripoTools.filter((tool) => tool.annotations.readOnly);
    case 'no-spend':
      return tripoTools.filter((tool) => !tool.annotations.spendsCredits);
  }
}

/** What {@link selectTools} accepts: a preset, tool names and presets mixed, or a comma-separated string of them. */
export type ToolSelection = ToolPreset | TripoToolName | readonly string[] | string;

/**
 * The tools a host exposes, in catalogue order: a preset (`'all'` by default), a list of tool names and
 * presets (their union), or the same as a comma-separated string (handy for an environment variable).
 * An unknown name throws `TripoError('config')` listing the valid ones.
 */
export function selectTools(selection: ToolSelection = 'all'): ToolDefinition[] {
  const entries = (typeof selection === 'string' ? selection.split(',') : [...selection])
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return [...tripoTools];
  const chosen = new Set<string>();
  for (const entry of entries) {
    if (isPreset(entry)) {
      for (const tool of presetTools(entry)) chosen.add(tool.name);
    } else if (Object.hasOwn(tripoToolsByName, entry)) {
      chosen.add(entry);
    } else {
      throw new TripoError('config', `Unknown tool or preset "${entry.slice(0, 60)}".`, {
        suggestion: `Use a preset (${TOOL_PRESETS.join(', ')}) or tool names: ${TRIPO_TOOL_NAMES.join(', ')}.`,
      });
    }
  }
  return tripoTools.filter((tool) => chosen.has(tool.name));
}
