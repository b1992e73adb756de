import { readFile } from 'node:fs/promises';
import type { BaseMessage, ToolMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { isGlb } from '@tripokit/testing';
import { describe, expect, it } from 'vitest';
import { TRIPO_PROGRESS_EVENT, type TripoProgressChunk } from '../src/index.js';
import { callTool, lastToolMessage, ScriptedChatModel } from './scripted-chat-model.js';
import { useSimulator } from './sim-harness.js';

const harness = useSimulator();

/** Reads each tool result and does what its text says: keep waiting, download, or answer. */
function followTheTools(messages: BaseMessage[], turn: number): AIMessage {
  if (turn === 0) return callTool('generate_3d_model', { prompt: 'a small red fox' }, 'call-0');
  const text = String(lastToolMessage(messages)?.content ?? '');
  const taskId = /task_id ([\w-]+)/.exec(text)?.[1];
  if (text.startsWith('Still') && taskId)
    return callTool('wait_for_task', { task_id: taskId }, `call-${turn}`);
  if (text.includes('download_model') && taskId)
    return callTool('download_model', { task_id: taskId }, `call-${turn}`);
  return new AIMessage(`Here it is. ${text}`);
}

function toolMessages(messages: BaseMessage[]): ToolMessage[] {
  return messages.filter((m): m is ToolMessage => m.getType() === 'tool');
}

describe('a LangGraph agent with a fake tool-calling model', () => {
  it('reaches a downloaded model, streaming progress through the LangGraph writer', async () => {
    const agent = createReactAgent({
      llm: new ScriptedChatModel(followTheTools),
      tools: harness.tools({ waitSeconds: 20 }),
    });
    const custom: TripoProgressChunk[] = [];
    let messages: BaseMessage[] = [];
    const stream = await agent.stream(
      { messages: [{ role: 'user', content: 'Make me a red fox.' }] },
      { streamMode: ['custom', 'values'] },
    );
    for await (const [mode, chunk] of stream) {
      if (mode === 'custom') custom.push(chunk as TripoProgressChunk);
      else messages = (chunk as { messages: BaseMessage[] }).messages;
    }

    const results = toolMessages(messages);
    expect(results.map((m) => m.name)).toEqual([
      'generate_3d_model',
      ...results.slice(1, -1).map(() => 'wait_for_task'),
      'download_model',
    ]);
    expect(String(results[0]?.content)).toMatch(/^Still (queued|running)/);
    expect(results.every((m) => m.status === 'success')).toBe(true);
    const saved = results.at(-1)?.artifact as { path: string };
    expect(saved.path.startsWith(harness.outputDir)).toBe(true);
    expect(isGlb(new Uint8Array(await readFile(saved.path)))).toBe(true);
    expect(String(messages.at(-1)?.content)).toContain(saved.path);

    expect(custom.length).toBeGreaterThan(2);
    expect(custom.every((c) => c.type === TRIPO_PROGRESS_EVENT)).toBe(true);
    expect(new Set(custom.map((c) => c.toolCallId))).toEqual(new Set(results.map((m) => m.tool_call_id)));
    expect(custom[0]).toMatchObject({ tool: 'generate_3d_model', taskId: harness.sim.tasks[0]?.taskId });
    expect(custom.some((c) => c.progress > 0 && c.progress < 100)).toBe(true);
    expect(harness.sim.tasks).toHaveLength(1);
  });

  it('delivers progress as tripo_progress custom events to streamEvents', async () => {
    const agent = createReactAgent({
      llm: new ScriptedChatModel((messages, turn) =>
        turn === 0
          ? callTool('generate_3d_model', { prompt: 'a blue mug', timeout_seconds: 600 }, 'call-0')
          : new AIMessage(String(lastToolMessage(messages)?.content)),
      ),
      tools: harness.tools(),
    });
    const events = [];
    const stream = agent.streamEvents(
      { messages: [{ role: 'user', content: 'A blue mug.' }] },
      { version: 'v2' },
    );
    for await (const event of stream) {
      if (event.event === 'on_custom_event' && event.name === TRIPO_PROGRESS_EVENT) events.push(event.data);
    }
    expect(events.length).toBeGreaterThan(2);
    expect(events[0]).toMatchObject({ tool: 'generate_3d_model', toolCallId: 'call-0', status: 'queued' });
    expect(events.at(-1)).toMatchObject({ status: 'downloaded', progress: 100 });
  });

  it('hands the model an error ToolMessage with the advice, and the structured error as artifact', async () => {
    harness.sim.setBalance(0);
    let read: ToolMessage | undefined;
    const agent = createReactAgent({
      llm: new ScriptedChatModel((messages, turn) => {
        if (turn === 0) return callTool('create_3d_model_from_text', { prompt: 'a brass lantern' }, 'call-0');
        read = lastToolMessage(messages);
        return new AIMessage('You need more credits.');
      }),
      tools: harness.tools(),
    });
    await agent.invoke({ messages: [{ role: 'user', content: 'A lantern.' }] });

    if (read === undefined) throw new Error('the model never read a tool result');
    expect(read.status).toBe('error');
    const { error } = read.artifact as { error: { code: string; message: string; suggestion: string } };
    expect(error.code).toBe('insufficient_credits');
    expect(String(read.content)).toContain(error.message);
    expect(String(read.content)).toContain(error.suggestion);
    expect(String(read.content)).not.toContain('Please fix your mistakes');
    expect(harness.sim.tasks).toEqual([]);
  });
});
