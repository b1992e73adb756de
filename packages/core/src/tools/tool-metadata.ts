import type { ToolDefinition } from './types.js';

/** What a framework tool carries about itself beyond name, description and schema. */
export type TripoToolMetadata = {
  /** Marks the tool as TripoKit's among a host's other tools. */
  source: 'tripokit';
  title: string;
  readOnly: boolean;
  spendsCredits: boolean;
};

/**
 * The `metadata` the AI SDK and LangChain adapters attach to each tool (MCP has annotations of its own), so
 * a host can tell TripoKit's tools apart and see which ones spend credits, the same way in both.
 */
export function toolMetadata(definition: ToolDefinition): TripoToolMetadata {
  return {
    source: 'tripokit',
    title: definition.title,
    readOnly: definition.annotations.readOnly,
    spendsCredits: definition.annotations.spendsCredits,
  };
}
