import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * Every name `@tripokit/core` exports. A name is here because a user needs it: adding one is a decision about
 * public API (say why in the change), not a side effect of adding a file. Plumbing goes to `./adapter`.
 */
const APPROVED = [
  // the client
  'ApiVersion',
  'Balance',
  'CallOptions',
  'Clock',
  'CreatedTask',
  'Region',
  'SchedulerStats',
  'TRIPO_BASE_URLS',
  'TripoClient',
  'TripoClientOptions',
  'TripoError',
  'TripoErrorCode',
  'TripoErrorDetails',
  'TripoWaitTimeoutError',
  'UploadedFile',
  'UploadedModel',
  'systemClock',
  // tasks and requests
  'AnimatePrerigcheckRequest',
  'AnimateRetargetRequest',
  'AnimateRigRequest',
  'ConvertModelRequest',
  'CreateTaskRequest',
  'EditMultiviewImageRequest',
  'FileInput',
  'GenerateImageRequest',
  'GenerateMultiviewImageRequest',
  'HighpolyToLowpolyRequest',
  'ImageToModelRequest',
  'ImportModelRequest',
  'MeshCompletionRequest',
  'MeshSegmentationRequest',
  'MultiviewToModelRequest',
  'RefineModelRequest',
  'StylizeModelRequest',
  'TASK_REQUEST_RULES',
  'TASK_REQUEST_SCHEMAS',
  'TASK_STATUSES',
  'TASK_TYPES',
  'TASK_TYPE_INFO',
  'TERMINAL_STATUSES',
  'Task',
  'TaskOutput',
  'TaskRequestOf',
  'TaskStatus',
  'TaskType',
  'TaskTypeInfo',
  'TextToImageRequest',
  'TextToModelRequest',
  'TextureModelRequest',
  'validateCreateTaskRequest',
  'CREDIT_PRICES',
  'CreditEstimate',
  'PricedRequest',
  'estimateCredits',
  // what a task means, waiting, files
  'FailureCause',
  'InterpretOptions',
  'TaskInterpretation',
  'TaskOutcome',
  'describeProgress',
  'interpretTask',
  'WaitDeps',
  'WaitOptions',
  'createWebSocketTaskWatch',
  'waitForTask',
  'DownloadDeps',
  'DownloadOptions',
  'DownloadResult',
  'TaskOutputName',
  'detectFileType',
  'downloadTaskOutput',
  'listTaskOutputs',
  // the toolkit and its tools
  'ToolCallItem',
  'ToolCallOptions',
  'ToolCallProgress',
  'ToolCallResult',
  'ToolErrorDetail',
  'ToolkitTool',
  'TripoToolCallError',
  'TripoToolMetadata',
  'TripoToolkit',
  'TripoToolkitOptions',
  'createTripoToolkit',
  'TOOL_PRESETS',
  'ToolSelection',
  'RecentTask',
  'RecentTaskUpdate',
  'RecentTasks',
  'TaskStore',
  'TRIPO_TOOL_NAMES',
  'ToolAnnotations',
  'ToolContext',
  'ToolDefinition',
  'ToolProgressEvent',
  'ToolResult',
  'TripoToolName',
  'defineTool',
  'tripoTools',
  'tripoToolsByName',
];

const ADAPTER_APPROVED = [
  'ANIMATION_PRESETS',
  'CONVERT_FORMATS',
  'Redactor',
  'createRedactor',
  'SNIFF_BYTES',
  'isFinishedFileName',
  'isPathInside',
];

/** The names an entry point's source exports, read from its `export { … } from` lines. */
async function exportedNames(file: string): Promise<string[]> {
  const source = (await readFile(new URL(`../src/${file}`, import.meta.url), 'utf8'))
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  expect(source, `${file} re-exports a whole module`).not.toMatch(/export\s+(type\s+)?\*/);
  const names: string[] = [];
  for (const [, list] of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g))
    for (const entry of (list ?? '').split(',')) {
      const name = entry
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) names.push(name);
    }
  const declared = source.match(/export\s+(?:(?:const|function|class|let|interface|enum)\s|type\s+\w)/);
  expect(declared, `${file} declares instead of re-exporting`).toBeNull();
  return names.sort();
}

describe.each([
  ['index.ts', APPROVED, () => import('../src/index.js')],
  ['adapter.ts', ADAPTER_APPROVED, () => import('../src/adapter.js')],
] as const)('the %s barrel', (file, approved, load) => {
  it('exports exactly the approved names, one named export each, no wildcard', async () => {
    const names = await exportedNames(file);
    expect(new Set(names).size, 'each name once').toBe(names.length);
    expect(names).toEqual([...approved].sort());
  });

  it('exports at run time only approved names', async () => {
    const values = Object.keys(await load());
    expect(values.filter((name) => !approved.includes(name as never))).toEqual([]);
  });
});

it('keeps the root API small', () => {
  expect(APPROVED.length).toBeLessThanOrEqual(100);
});
