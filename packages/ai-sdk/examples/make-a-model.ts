import { isStepCount, type LanguageModel, streamText } from 'ai';
import { type CreateTripoToolsOptions, createTripoTools } from '../src/index.js';

/**
 * Asks `model` (any AI SDK model, e.g. `anthropic('claude-sonnet-4-5')`) to make a 3D model, printing live
 * progress, and returns its final answer. The key comes from TRIPO_API_KEY; models are saved into
 * ./tripo-models unless `outputDir` (or TRIPOKIT_OUTPUT_DIR) says otherwise.
 */
export async function makeA3dModel(
  model: LanguageModel,
  request: string,
  options: CreateTripoToolsOptions = {},
): Promise<string> {
  const result = streamText({
    model,
    tools: createTripoTools(options),
    prompt: request,
    stopWhen: isStepCount(8),
  });
  for await (const part of result.stream) {
    if (part.type === 'tool-result' && !part.dynamic && part.preliminary && part.output.type === 'progress') {
      console.log(`${part.toolName}: ${part.output.progress}% ${part.output.message}`);
    }
  }
  return result.text;
}
