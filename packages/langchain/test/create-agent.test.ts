import { readFile } from 'node:fs/promises';
import { AIMessage, type BaseMessage, type ToolMessage } from '@langchain/core/messages';
import { isGlb } from '@tripokit/testing';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';
import type { TripoProgressChunk } from '../src/index.js';
import { callTool, lastToolMessage, ScriptedChatModel } from './scripted-chat-model.js';
import { useSimulator } from './sim-harness.js';

const harness = useSimulator();

describe('createAgent from langchain 1.x', () => {
  it('runs the tools to a saved model, with progress in the custom stream and the file in the artifact', async () => {
    const agent = createAgent({
      model: new ScriptedChatModel((messages, turn) =>
        turn === 0
          ? callTool('generate_3d_model', { prompt: 'a small red fox', timeout_seconds: 600 }, 'call-0')
          : new AIMessage(String(lastToolMessage(messages)?.content)),
      ),
      tools: harness.tools(),
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

    const result = messages.find((m): m is ToolMessage => m.getType() === 'tool');
    if (result === undefined) throw new Error('the agent called no tool');
    const { file } = result.artifact as { file: { path: string } };
    expect(file.path.startsWith(harness.outputDir)).toBe(true);
    expect(isGlb(new Uint8Array(await readFile(file.path)))).toBe(true);
    expect(String(messages.at(-1)?.content)).toContain(file.path);
    expect(custom.some((c) => c.tool === 'generate_3d_model' && c.progress > 0 && c.progress < 100)).toBe(
      true,
    );
    expect(harness.sim.tasks).toHaveLength(1);
  });
});

describe('invoking a tool without an agent', () => {
  it('gives the text with plain arguments, and the structured result (the file path) with a tool call', async () => {
    const [generate, status] = harness.tools({ tools: ['generate_3d_model', 'get_task_status'] });
    const message: ToolMessage = await generate!.invoke({
      type: 'tool_call' as const,
      id: 'call-1',
      name: 'generate_3d_model',
      args: { prompt: 'a small red fox', timeout_seconds: 600 },
    });
    const artifact = message.artifact as { task_id: string; file: { path: string } };
    expect(isGlb(new Uint8Array(await readFile(artifact.file.path)))).toBe(true);
    expect(String(message.content)).toContain(artifact.file.path);

    const text = await status!.invoke({ task_id: artifact.task_id });
    expect(typeof text).toBe('string');
    expect(text).toContain(artifact.task_id);
    expect(harness.sim.tasks).toHaveLength(1);
  });
});
