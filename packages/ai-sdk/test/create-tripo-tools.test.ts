import { TRIPO_TOOL_NAMES, TripoClient, TripoError, tripoToolsByName } from '@tripokit/core';
import { describe, expect, it } from 'vitest';
import { createTripoTools, TripoToolCallError, type TripoToolOutput } from '../src/index.js';
import { KEY, useSimulator } from './sim-harness.js';

const harness = useSimulator();

async function finalOutput(iterable: unknown): Promise<TripoToolOutput[]> {
  const out: TripoToolOutput[] = [];
  for await (const value of iterable as AsyncIterable<TripoToolOutput>) out.push(value);
  return out;
}

const callOptions = { toolCallId: 't1', messages: [], context: {} };

describe('createTripoTools', () => {
  it('exposes every catalogue tool by name, with its description, and needs no key to be created', () => {
    const tools = createTripoTools({ env: {} });
    expect(Object.keys(tools)).toEqual(TRIPO_TOOL_NAMES);
    for (const [name, tool] of Object.entries(tools)) {
      expect(tool.description).toBe(tripoToolsByName[name as keyof typeof tripoToolsByName].description);
    }
    expect(tools.generate_3d_model?.metadata).toEqual({
      source: 'tripokit',
      title: tripoToolsByName.generate_3d_model.title,
      readOnly: false,
      spendsCredits: true,
    });
    expect(tools.get_balance?.metadata).toMatchObject({ readOnly: true, spendsCredits: false });
  });

  it('takes a preset or a list of names, and refuses unknown names', () => {
    const readOnly = Object.keys(createTripoTools({ tools: 'read-only', env: {} }));
    expect(readOnly.length).toBeGreaterThan(0);
    for (const name of readOnly)
      expect(tripoToolsByName[name as keyof typeof tripoToolsByName].annotations.readOnly).toBe(true);
    expect(
      Object.keys(createTripoTools({ tools: ['get_task_status', 'generate_3d_model'], env: {} })),
    ).toEqual(['generate_3d_model', 'get_task_status']);
    expect(() => createTripoTools({ tools: ['make_it_so'], env: {} })).toThrow(TripoError);
  });

  it('uses a ready client when given one', async () => {
    const client = new TripoClient({ apiKey: KEY, baseUrl: harness.sim.apiBase('v3'), clock: harness.clock });
    const tools = createTripoTools({ client, tools: 'get_balance', env: {} });
    const outputs = await finalOutput(tools.get_balance?.execute?.({}, callOptions));
    const last = outputs.at(-1);
    expect(last?.type).toBe('result');
    expect(last?.type === 'result' && last.result.balance).toBe(harness.sim.balance.balance);
  });

  it('yields progress as preliminary values, then exactly one result', async () => {
    const tools = harness.tools();
    const outputs = await finalOutput(
      tools.generate_3d_model?.execute?.({ prompt: 'a blue mug', timeout_seconds: 600 }, callOptions),
    );
    expect(outputs.at(-1)?.type).toBe('result');
    expect(outputs.slice(0, -1).every((o) => o.type === 'progress')).toBe(true);
    const first = outputs[0];
    expect(first?.type === 'progress' && first.taskId).toBe(harness.sim.tasks[0]?.taskId);
  });

  it('throws a TripoError whose text for the model holds code, message and advice', async () => {
    const tools = harness.tools();
    const failing = finalOutput(tools.get_task_status?.execute?.({ task_id: 'no-such-task' }, callOptions));
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoToolCallError);
    expect(error).toBeInstanceOf(TripoError);
    const { code, suggestion } = error as TripoError;
    expect(code).toBe('not_found');
    expect(String(error)).toContain('not_found');
    expect(suggestion).toBeTruthy();
    expect(String(error)).toContain(suggestion);
  });

  it('fails a call, not the creation, when no key is configured', async () => {
    const tools = createTripoTools({ env: {}, tools: 'get_balance' });
    const error = await finalOutput(tools.get_balance?.execute?.({}, callOptions)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'config' });
  });
});
