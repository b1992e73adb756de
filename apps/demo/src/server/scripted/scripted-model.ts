import { randomUUID } from 'node:crypto';
import { simulateReadableStream } from 'ai';
import { allExchanges, exchangesThisTurn, lastUserText } from './conversation.js';
import { detectIntent } from './intents.js';
import type {
  CallOptions,
  GenerateResult,
  LanguageModelV4,
  StreamPart,
  StreamResult,
} from './model-types.js';
import { type Action, nextAction } from './planner.js';

/** Options of {@link ScriptedLanguageModel}. */
export interface ScriptedModelOptions {
  /** Pause between streamed text pieces, in ms, so replies read as typed (default 18; 0 in tests). */
  chunkDelayMs?: number;
}

function usage(inputWords: number, outputWords: number): Extract<StreamPart, { type: 'finish' }>['usage'] {
  return {
    inputTokens: { total: inputWords, noCache: inputWords, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputWords, text: outputWords, reasoning: 0 },
  };
}

/** Splits text into word-sized deltas that keep their spacing. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

/**
 * An offline language model that reads the user's last message and uses the TripoKit tools the way a good
 * model would: start the task, wait for it, save the file, then explain the outcome from the tool results.
 * It implements the AI SDK's language-model spec (v4), so `streamText` treats it like any provider's model.
 */
export class ScriptedLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'tripokit-demo';
  readonly modelId = 'scripted-agent';
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #delay: number;

  constructor(options: ScriptedModelOptions = {}) {
    this.#delay = options.chunkDelayMs ?? 18;
  }

  /** The move for this step, given the conversation so far and the tools on offer. */
  decide(options: CallOptions): Action {
    const intent = detectIntent(lastUserText(options.prompt));
    const action = nextAction(intent, exchangesThisTurn(options.prompt), allExchanges(options.prompt));
    if (action.type === 'call') {
      const offered = new Set((options.tools ?? []).map((t) => t.name));
      if (!offered.has(action.toolName)) {
        return {
          type: 'reply',
          text: `I would use the ${action.toolName} tool for that, but it is not available here.`,
        };
      }
    }
    return action;
  }

  async doStream(options: CallOptions): Promise<StreamResult> {
    const parts = this.#parts(this.decide(options), options);
    return {
      stream: simulateReadableStream<StreamPart>({
        chunks: parts,
        chunkDelayInMs: this.#delay,
        initialDelayInMs: this.#delay * 4,
      }),
    };
  }

  async doGenerate(options: CallOptions): Promise<GenerateResult> {
    const action = this.decide(options);
    const content: GenerateResult['content'] = [];
    const text = action.type === 'reply' ? action.text : action.preface;
    if (text) content.push({ type: 'text', text });
    if (action.type === 'call') {
      content.push({
        type: 'tool-call',
        toolCallId: `call_${randomUUID()}`,
        toolName: action.toolName,
        input: JSON.stringify(action.input),
      });
    }
    return {
      content,
      finishReason: { unified: action.type === 'call' ? 'tool-calls' : 'stop', raw: undefined },
      usage: usage(options.prompt.length, text ? pieces(text).length : 0),
      warnings: [],
    };
  }

  #parts(action: Action, options: CallOptions): StreamPart[] {
    const out: StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    const text = action.type === 'reply' ? action.text : action.preface;
    let words = 0;
    if (text) {
      const id = `text_${randomUUID()}`;
      out.push({ type: 'text-start', id });
      for (const delta of pieces(text)) {
        out.push({ type: 'text-delta', id, delta });
        words++;
      }
      out.push({ type: 'text-end', id });
    }
    if (action.type === 'call') {
      out.push({
        type: 'tool-call',
        toolCallId: `call_${randomUUID()}`,
        toolName: action.toolName,
        input: JSON.stringify(action.input),
      });
    }
    out.push({
      type: 'finish',
      finishReason: { unified: action.type === 'call' ? 'tool-calls' : 'stop', raw: undefined },
      usage: usage(options.prompt.length, words),
    });
    return out;
  }
}
