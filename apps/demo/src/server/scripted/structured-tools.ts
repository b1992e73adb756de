import type { ToolSet } from 'ai';

/**
 * The scripted model cannot read prose, so it is handed each tool result as JSON (the adapter's whole
 * `{ type: 'result', text, result }`) instead of the short text a real model reads. Same facts, another form;
 * the tools themselves are the adapter's, unchanged.
 */
export function withStructuredModelOutput<T extends ToolSet>(tools: T): T {
  const out: ToolSet = {};
  for (const [name, tool] of Object.entries(tools)) {
    out[name] = {
      ...tool,
      toModelOutput: ({ output }: { output: unknown }) => ({
        type: 'json',
        value: JSON.parse(JSON.stringify(output ?? null)),
      }),
    } as ToolSet[string];
  }
  return out as T;
}
