import { prepareAdapterTools, type TripoToolsOptions } from '@tripokit/core';
import { TripoStructuredTool } from './tripo-tool.js';

/** Options of {@link createTripoTools}: the same as `@tripokit/ai-sdk`'s, defined once in core. */
export type CreateTripoToolsOptions = TripoToolsOptions;

/**
 * TripoKit's tools as LangChain `StructuredTool`s, with the catalogue's names, descriptions and input
 * schemas. Use them with `model.bindTools(tools)`, a `ToolNode`, or a LangGraph agent. Nothing touches the
 * network until a tool runs, so creating them needs no key.
 *
 * @example
 * const agent = createReactAgent({ llm, tools: createTripoTools({ outputDir: './models' }) });
 */
export function createTripoTools(options: CreateTripoToolsOptions = {}): TripoStructuredTool[] {
  const { runtime, definitions } = prepareAdapterTools(options);
  return definitions.map((definition) => new TripoStructuredTool(definition, runtime));
}
