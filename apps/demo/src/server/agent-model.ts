import type { LanguageModel } from 'ai';
import type { DemoInfo } from '../shared/api.js';

/** The language model that answers the chat, and how the page should name it. */
export interface AgentModel {
  model: LanguageModel;
  info: DemoInfo['agent'];
}

const DEFAULT_OPENAI_MODEL = 'gpt-5.4-mini';
const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/**
 * Picks the model: OpenAI when `OPENAI_API_KEY` is set, else Anthropic when `ANTHROPIC_API_KEY` is, else the
 * offline scripted model. Provider packages are imported only when their key is present.
 */
export async function selectAgentModel(
  env: Readonly<Record<string, string | undefined>>,
  scripted: () => LanguageModel,
): Promise<AgentModel> {
  const openaiKey = nonEmpty(env.OPENAI_API_KEY);
  if (openaiKey) {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const modelId = nonEmpty(env.OPENAI_MODEL) ?? DEFAULT_OPENAI_MODEL;
    const provider = createOpenAI({ apiKey: openaiKey, baseURL: nonEmpty(env.OPENAI_BASE_URL) });
    return { model: provider(modelId), info: { kind: 'openai', label: `OpenAI ${modelId}` } };
  }
  const anthropicKey = nonEmpty(env.ANTHROPIC_API_KEY);
  if (anthropicKey) {
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    const modelId = nonEmpty(env.ANTHROPIC_MODEL) ?? DEFAULT_ANTHROPIC_MODEL;
    const provider = createAnthropic({ apiKey: anthropicKey, baseURL: nonEmpty(env.ANTHROPIC_BASE_URL) });
    return { model: provider(modelId), info: { kind: 'anthropic', label: `Anthropic ${modelId}` } };
  }
  return { model: scripted(), info: { kind: 'scripted', label: 'Scripted agent (offline)' } };
}
