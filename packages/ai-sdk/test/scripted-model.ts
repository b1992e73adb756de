import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

type StreamResult = Awaited<ReturnType<MockLanguageModelV4['doStream']>>;
type StreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;
type CallOptions = Parameters<MockLanguageModelV4['doStream']>[0];

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

function stream(chunks: StreamPart[]): StreamResult {
  return { stream: simulateReadableStream({ chunks, chunkDelayInMs: null, initialDelayInMs: null }) };
}

/** A turn that calls one tool. */
export function toolCallTurn(
  toolName: string,
  args: Record<string, unknown>,
  toolCallId = 'call-1',
): StreamResult {
  return stream([
    { type: 'tool-call', toolCallId, toolName, input: JSON.stringify(args) },
    { type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage },
  ]);
}

/** A turn that answers in text and stops. */
export function textTurn(text: string): StreamResult {
  return stream([
    { type: 'text-start', id: 'text-1' },
    { type: 'text-delta', id: 'text-1', delta: text },
    { type: 'text-end', id: 'text-1' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
  ]);
}

/**
 * What the model read back from the first tool result in the last message of a prompt, if it is a tool
 * message: the text of a text or error-text output, any other output as JSON.
 */
export function toolTextIn(prompt: CallOptions['prompt']): string | undefined {
  const last = prompt.at(-1);
  if (last?.role !== 'tool') return undefined;
  const output = last.content.flatMap((part) => (part.type === 'tool-result' ? [part.output] : []))[0];
  if (output === undefined) return undefined;
  return output.type === 'text' || output.type === 'error-text' ? output.value : JSON.stringify(output);
}

/**
 * A scripted model: `next(prompt, turn)` picks each turn from what the conversation holds so far, the way a
 * real model would decide from the tool results it has read.
 */
export function scriptedModel(
  next: (prompt: CallOptions['prompt'], turn: number) => StreamResult,
): MockLanguageModelV4 {
  let turn = 0;
  return new MockLanguageModelV4({ doStream: async ({ prompt }) => next(prompt, turn++) });
}
