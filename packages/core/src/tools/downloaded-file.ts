import path from 'node:path';
import { z } from 'zod';
import type { DownloadResult } from '../files/download.js';
import { TASK_OUTPUT_NAMES, type TaskOutputName } from '../files/outputs.js';
import { detail } from './json-schema.js';
import { rememberTask } from './recent-tasks.js';
import type { ToolContext } from './types.js';

/** Which output of a task to download: a fixed name or `model_<n>` (n-th of several animated models). */
export const OutputName = z
  .union([
    z.enum(TASK_OUTPUT_NAMES),
    z.string().regex(/^model_\d{1,3}$/, {
      message: `must be one of ${TASK_OUTPUT_NAMES.join(', ')}, or model_0, model_1, … for one of several models`,
    }),
  ])
  .describe(
    'Default: the best model, else the image; model_N: one of several animations.',
  ) as z.ZodType<TaskOutputName>;

/** A saved file, as tools report it: an agent reads the path (its extension is the format); the rest are details. */
export const downloadedFileOutput = z.object({
  path: z.string(),
  size_bytes: detail(z.number()),
  sha256: detail(z.string()),
  format: detail(z.string()),
  content_type: detail(z.string()),
  output: detail(z.string()),
});
export type DownloadedFileOutput = z.infer<typeof downloadedFileOutput>;

/** The tool view of a download. */
export function downloadedFile(result: DownloadResult): DownloadedFileOutput {
  return {
    path: result.path,
    size_bytes: result.bytes,
    sha256: result.sha256,
    format: path.extname(result.path).slice(1).toLowerCase() || 'bin',
    content_type: result.contentType,
    output: result.output,
  };
}

/** Which file {@link saveTaskFile} saves, and under which name. */
export interface SaveTaskFileOptions {
  output?: TaskOutputName;
  /** A plain file name instead of `<task_id>_<output>.<ext>`. */
  filename?: string;
  /** Replace a different file of that name (default: keep it and save as `name-2.ext`). */
  overwrite?: boolean;
}

/**
 * Saves a task's file into the output folder, the one way every tool does it: says it is downloading, downloads
 * (fresh links, checked, written atomically), records the path with the task (which therefore succeeded), says
 * where it is. Fails with the download's own `TripoError`.
 */
export async function saveTaskFile(
  context: ToolContext,
  taskId: string,
  options: SaveTaskFileOptions = {},
): Promise<{ file: DownloadedFileOutput; saved: DownloadResult }> {
  const { output, filename, overwrite } = options;
  context.onProgress({
    taskId,
    status: 'downloading',
    progress: 0,
    message: `Downloading task ${taskId}'s file.`,
  });
  const saved = await context.client.downloadTaskOutput(taskId, {
    dir: context.files.outputDir,
    signal: context.signal,
    ...(output !== undefined ? { output } : {}),
    ...(filename !== undefined ? { filename } : {}),
    ...(overwrite !== undefined ? { overwrite } : {}),
  });
  await rememberTask(context.recentTasks, {
    taskId,
    status: 'success',
    outcome: 'success',
    progress: 100,
    downloadedPath: saved.path,
  });
  context.onProgress({ taskId, status: 'downloaded', progress: 100, message: `Saved ${saved.path}.` });
  return { file: downloadedFile(saved), saved };
}

/** "1.2 MB", "830 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
