import type { Prompt } from './model-types.js';

/** A plain JSON object, as tool inputs and results are. */
export type Fields = Record<string, unknown>;

/** One tool call the model made and what came back. */
export interface ToolExchange {
  toolCallId: string;
  toolName: string;
  input: Fields;
  /** The structured result (or `{}` when the tool answered in text or failed). */
  output: Fields;
  /** The text of a text result or of an error. */
  text?: string;
  isError: boolean;
}

export function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

/** The text of the last user message. */
export function lastUserText(prompt: Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i];
    if (message?.role !== 'user') continue;
    return message.content
      .map((part) => (part.type === 'text' ? part.text : ''))
      .join(' ')
      .trim();
  }
  return '';
}

function indexOfLastUser(prompt: Prompt): number {
  for (let i = prompt.length - 1; i >= 0; i--) if (prompt[i]?.role === 'user') return i;
  return -1;
}

/** Tool calls and their results, in order, from `prompt[from]` on. Calls without a result are left out. */
function exchangesFrom(prompt: Prompt, from: number): ToolExchange[] {
  const calls = new Map<string, { toolName: string; input: Fields }>();
  const out: ToolExchange[] = [];
  for (const message of prompt.slice(Math.max(0, from))) {
    if (message.role !== 'assistant' && message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call') {
        calls.set(part.toolCallId, { toolName: part.toolName, input: asFields(part.input) });
      } else if (part.type === 'tool-result') {
        const call = calls.get(part.toolCallId);
        const result = part.output;
        const base = {
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: call?.input ?? {},
        };
        switch (result.type) {
          case 'json': {
            const value = asFields(result.value);
            // The adapter's final value: `{ type: 'result', text, result }`.
            const structured = value.type === 'result' ? asFields(value.result) : value;
            const text = typeof value.text === 'string' ? value.text : undefined;
            out.push({ ...base, output: structured, ...(text ? { text } : {}), isError: false });
            break;
          }
          case 'text':
            out.push({ ...base, output: {}, text: result.value, isError: false });
            break;
          case 'error-json':
            out.push({ ...base, output: asFields(result.value), isError: true });
            break;
          case 'error-text':
            out.push({ ...base, output: {}, text: result.value, isError: true });
            break;
          default:
            out.push({ ...base, output: {}, isError: result.type === 'execution-denied' });
        }
      }
    }
  }
  return out;
}

/** What the model has done since the user last spoke. */
export function exchangesThisTurn(prompt: Prompt): ToolExchange[] {
  return exchangesFrom(prompt, indexOfLastUser(prompt) + 1);
}

/** Every tool exchange in the conversation. */
export function allExchanges(prompt: Prompt): ToolExchange[] {
  return exchangesFrom(prompt, 0);
}
