import { readFile } from 'node:fs/promises';
import { TripoError } from '@tripokit/core';
import { isGlb } from '@tripokit/testing';
import { isStepCount, streamText, toUIMessageStream } from 'ai';
import { describe, expect, it } from 'vitest';
import type { TripoToolOutput } from '../src/index.js';
import { scriptedModel, textTurn, toolCallTurn, toolTextIn } from './scripted-model.js';
import { useSimulator } from './sim-harness.js';

const harness = useSimulator();

describe('streamText with a scripted model', () => {
  it('goes from a prompt to a downloaded model, continuing with wait_for_task after the deadline', async () => {
    const tools = harness.tools({ waitSeconds: 20 });
    const readBack: string[] = [];
    const model = scriptedModel((prompt, turn) => {
      if (turn > 0) readBack.push(toolTextIn(prompt) ?? '');
      const last = readBack.at(-1) ?? '';
      const taskId = /task_id ([\w-]+)/.exec(last)?.[1];
      if (turn === 0) return toolCallTurn('generate_3d_model', { prompt: 'a small red fox' }, 'c0');
      if (last.startsWith('Still') && taskId)
        return toolCallTurn('wait_for_task', { task_id: taskId }, `c${turn}`);
      if (last.includes('download_model') && taskId)
        return toolCallTurn('download_model', { task_id: taskId }, `c${turn}`);
      return textTurn(`Your model is ready. ${last}`);
    });

    const result = streamText({ model, tools, prompt: 'Make me a red fox.', stopWhen: isStepCount(6) });
    const chunks = [];
    for await (const chunk of toUIMessageStream({ stream: result.stream, tools })) chunks.push(chunk);

    const calls = chunks.flatMap((c) => (c.type === 'tool-input-available' ? [c.toolName] : []));
    expect(calls[0]).toBe('generate_3d_model');
    expect(calls.slice(1, -1).every((name) => name === 'wait_for_task')).toBe(true);
    expect(calls.at(-1)).toBe('download_model');
    expect(readBack[0]).toMatch(/^Still (queued|running)/);

    const outputs = chunks.flatMap((c) => (c.type === 'tool-output-available' ? [c] : []));
    const preliminary = outputs.filter((c) => c.preliminary === true).map((c) => c.output as TripoToolOutput);
    expect(preliminary.some((o) => o.type === 'progress' && o.progress > 0 && o.progress < 100)).toBe(true);
    const final = outputs.filter((c) => c.preliminary !== true).map((c) => c.output as TripoToolOutput);
    expect(final.map((o) => o.type)).toEqual(calls.map(() => 'result'));

    const saved = final.at(-1);
    if (saved?.type !== 'result') throw new Error('no final result');
    const filePath = saved.result.path as string;
    expect(filePath.startsWith(harness.outputDir)).toBe(true);
    expect(isGlb(new Uint8Array(await readFile(filePath)))).toBe(true);
    expect(await result.text).toContain(filePath);
    expect(harness.sim.tasks).toHaveLength(1);
  });

  it('reports a failure as a tool error carrying the TripoError, and the model reads its advice', async () => {
    harness.sim.setBalance(0);
    const tools = harness.tools();
    let modelRead = '';
    const model = scriptedModel((prompt, turn) => {
      if (turn === 0) return toolCallTurn('create_3d_model_from_text', { prompt: 'a brass lantern' });
      modelRead = toolTextIn(prompt) ?? '';
      return textTurn('You are out of credits.');
    });
    const result = streamText({ model, tools, prompt: 'Make a lantern.', stopWhen: isStepCount(2) });
    const errors: unknown[] = [];
    for await (const part of result.stream) if (part.type === 'tool-error') errors.push(part.error);

    expect(errors).toHaveLength(1);
    const error = errors[0];
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'insufficient_credits', suggestion: expect.any(String) });
    const { message, suggestion } = error as TripoError;
    expect(modelRead).toContain(message);
    expect(modelRead).toContain(suggestion);
    expect(modelRead).toContain('insufficient_credits');
    expect(harness.sim.tasks).toEqual([]);
  });
});
