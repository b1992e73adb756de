import type { MockLanguageModelV4 } from 'ai/test';

/**
 * The AI SDK's language-model spec (v4) types, taken from `ai/test`'s mock, which implements it: the demo
 * depends on `ai` only, not on `@ai-sdk/provider`.
 */
export type LanguageModelV4 = Pick<
  MockLanguageModelV4,
  'specificationVersion' | 'provider' | 'modelId' | 'supportedUrls' | 'doGenerate' | 'doStream'
>;
export type CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];
export type StreamResult = Awaited<ReturnType<MockLanguageModelV4['doStream']>>;
export type GenerateResult = Awaited<ReturnType<MockLanguageModelV4['doGenerate']>>;
export type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
export type Prompt = CallOptions['prompt'];
