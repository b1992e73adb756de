import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, type ToolMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

/** Picks the next reply from the conversation so far, the way a tool-calling model would. */
export type Script = (messages: BaseMessage[], turn: number) => AIMessage;

/** A fake tool-calling chat model: `bindTools` keeps it, each call asks the script for the next reply. */
export class ScriptedChatModel extends BaseChatModel {
  readonly #script: Script;
  #turn = 0;

  constructor(script: Script) {
    super({});
    this.#script = script;
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.#script(messages, this.#turn++);
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }] };
  }
}

/** A reply that calls one tool. */
export function callTool(name: string, args: Record<string, unknown>, id: string): AIMessage {
  return new AIMessage({ content: '', tool_calls: [{ id, name, args, type: 'tool_call' }] });
}

/** The last message if it is a tool result. */
export function lastToolMessage(messages: BaseMessage[]): ToolMessage | undefined {
  const last = messages.at(-1);
  return last?.getType() === 'tool' ? (last as ToolMessage) : undefined;
}
