import { stat } from 'node:fs/promises';
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/server';
import { downloadedFileOutput, type ToolErrorResult, type ToolResult } from '@tripokit/core';
import { modelResourceLink } from './resources.js';

const MAX_DEPTH = 4;

/** Every saved file a result reports (core's `downloadedFileOutput` shape), wherever it sits in it. */
function reportedFiles(value: unknown, depth = 0, found: { path: string; size: number }[] = []) {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return found;
  const file = downloadedFileOutput.safeParse(value);
  if (file.success) found.push({ path: file.data.path, size: file.data.size_bytes });
  for (const child of Object.values(value)) reportedFiles(child, depth + 1, found);
  return found;
}

async function resourceLinks(structured: unknown, outputDir: string): Promise<ResourceLink[]> {
  const links: ResourceLink[] = [];
  for (const file of reportedFiles(structured)) {
    const exists = await stat(file.path).then(
      (info) => info.isFile(),
      () => false,
    );
    const link = exists ? modelResourceLink(outputDir, file.path, file.size) : undefined;
    if (link !== undefined && !links.some((l) => l.uri === link.uri)) links.push(link);
  }
  return links;
}

/**
 * A successful tool result for MCP: the short text, a `resource_link` to each file it saved into the
 * output folder, and the structured content (already validated against the output schema by core).
 */
export async function toCallToolResult(
  result: ToolResult<unknown>,
  outputDir: string,
): Promise<CallToolResult> {
  return {
    content: [{ type: 'text', text: result.text }, ...(await resourceLinks(result.structured, outputDir))],
    structuredContent: result.structured as Record<string, unknown>,
  };
}

/** Where a failed call's structured error travels: `_meta`, since `structuredContent` must match the output schema. */
export const ERROR_META_KEY = 'tripokit/error';

/**
 * A failed tool call for MCP (`isError`), from core's error shaping: the text, plus the structured error in
 * `_meta`. Strict clients (the MCP Inspector among them) validate any `structuredContent` against the tool's
 * output schema, even on errors, so an error shape there would turn a clear error into a validation failure.
 * A call whose task ended without success passes its `status`, which matches the output schema: it goes in
 * `structuredContent`, so the client still reads the outcome, cause and next step.
 */
export function toCallToolError(shaped: ToolErrorResult, status?: Record<string, unknown>): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: shaped.text }],
    ...(status === undefined ? {} : { structuredContent: status }),
    _meta: { [ERROR_META_KEY]: shaped.structured.error },
  };
}
