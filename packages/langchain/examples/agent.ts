import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { type CreateTripoToolsOptions, createTripoTools, type TripoProgressChunk } from '../src/index.js';

/**
 * Runs a LangGraph agent that makes a 3D model with `llm` (any tool-calling chat model, e.g.
 * `new ChatAnthropic({ model: 'claude-sonnet-4-5' })`), printing live progress, and returns its final answer.
 * The key comes from TRIPO_API_KEY; models are saved into ./tripo-models unless `outputDir` says otherwise.
 */
export async function makeA3dModel(
  llm: BaseChatModel,
  request: string,
  options: CreateTripoToolsOptions = {},
): Promise<string> {
  const agent = createReactAgent({ llm, tools: createTripoTools(options) });
  const stream = await agent.stream(
    { messages: [{ role: 'user', content: request }] },
    { streamMode: ['custom', 'values'] },
  );
  let answer = '';
  for await (const [mode, chunk] of stream) {
    if (mode === 'custom') {
      const progress = chunk as TripoProgressChunk;
      console.log(`${progress.tool}: ${progress.progress}% ${progress.message}`);
    } else {
      const { messages } = chunk as { messages: BaseMessage[] };
      answer = String(messages.at(-1)?.content ?? '');
    }
  }
  return answer;
}
