// TEMPORARY stand-in for @tripokit/ai-sdk until it lands. Not committed.
import { createToolRuntime, streamTool, type ToolContextOptions, tripoTools } from '@tripokit/core';
import { type ToolSet, tool } from 'ai';

export function createTripoTools(options: ToolContextOptions): ToolSet {
  const runtime = createToolRuntime(options);
  const set: ToolSet = {};
  for (const def of tripoTools) {
    set[def.name] = tool({
      description: def.description,
      inputSchema: def.input,
      async *execute(input: unknown, { abortSignal }: { abortSignal?: AbortSignal }) {
        for await (const item of streamTool(def, input, { config: runtime, signal: abortSignal })) {
          if (item.type === 'progress') yield item.event;
          else yield item.result.structured;
        }
      },
    }) as ToolSet[string];
  }
  return set;
}
