import { type ToolCall, ToolMessage } from '@langchain/core/messages';
import { createTripoToolkit, TRIPO_TOOL_NAMES, TripoError, tripoToolsByName } from '@tripokit/core';
import { describe, expect, it } from 'vitest';
import { createTripoTools, TRIPO_PROGRESS_EVENT, type TripoProgressChunk } from '../src/index.js';
import { useSimulator } from './sim-harness.js';

const harness = useSimulator();

describe('createTripoTools', () => {
  it('returns every catalogue tool with its name, description and input schema, without a key', () => {
    const tools = createTripoTools({ env: {} });
    expect(tools.map((tool) => tool.name)).toEqual(TRIPO_TOOL_NAMES);
    for (const tool of tools) {
      const definition = createTripoToolkit({ env: {} }).tools.find((t) => t.name === tool.name);
      expect(definition).toBeDefined();
      if (definition === undefined) continue;
      expect(tool.description).toBe(definition.description);
      expect(tool.schema).toEqual(definition.inputJsonSchema);
      expect(tool.responseFormat).toBe('content_and_artifact');
    }
    expect(tools.find((tool) => tool.name === 'generate_3d_model')?.metadata).toEqual({
      source: 'tripokit',
      title: tripoToolsByName.generate_3d_model.title,
      readOnly: false,
      spendsCredits: true,
    });
    expect(tools.find((tool) => tool.name === 'get_balance')?.metadata).toMatchObject({
      readOnly: true,
      spendsCredits: false,
    });
  });

  it('takes a preset or names, and refuses unknown names', () => {
    const noSpend = createTripoTools({ tools: 'no-spend', env: {} });
    expect(noSpend.length).toBeGreaterThan(0);
    for (const tool of noSpend) expect(tool.definition.annotations.spendsCredits).toBe(false);
    expect(() => createTripoTools({ tools: 'everything', env: {} })).toThrow(TripoError);
  });

  it('returns content and artifact for a tool call', async () => {
    const [estimate] = harness.tools({ tools: ['estimate_cost'] });
    const call: ToolCall = {
      type: 'tool_call',
      id: 'c1',
      name: 'estimate_cost',
      args: { requests: [{ type: 'text_to_model', texture_quality: 'detailed' }] },
    };
    const message = await estimate?.invoke(call);
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message?.status).toBe('success');
    expect(typeof message?.content).toBe('string');
    expect(message?.artifact).toMatchObject({ total_credits: expect.any(Number) });
    expect(tripoToolsByName.estimate_cost.output.safeParse(message?.artifact).success).toBe(true);
  });

  it('throws the TripoError when invoked with plain arguments', async () => {
    const [status] = harness.tools({ tools: ['get_task_status'] });
    const error = await status?.invoke({ task_id: 'no-such-task' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'not_found' });
    await expect(status?.invoke({ task_id: '../x' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(harness.sim.requests.filter((r) => r.path.includes('../x'))).toEqual([]);
  });

  it('never fails a tool because a progress channel throws, and delivers every event in order first', async () => {
    const [generate] = harness.tools({ tools: ['generate_3d_model'], waitSeconds: 20 });
    const written: TripoProgressChunk[] = [];
    const dispatched: number[] = [];
    const call: ToolCall = {
      type: 'tool_call',
      id: 'c-broken',
      name: 'generate_3d_model',
      args: { prompt: 'a fox' },
    };
    const message = await generate?.invoke(call, {
      // LangGraph's writer, broken on every chunk, and a callback that rejects every custom event.
      writer: (chunk: TripoProgressChunk) => {
        written.push(chunk);
        throw new Error('broken writer');
      },
      callbacks: [
        {
          raiseError: true,
          awaitHandlers: true,
          async handleCustomEvent(name: string, data: unknown) {
            if (name === TRIPO_PROGRESS_EVENT) dispatched.push((data as TripoProgressChunk).progress);
            throw new Error('broken callback');
          },
        },
      ],
    } as Parameters<NonNullable<typeof generate>['invoke']>[1]);
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message?.status).toBe('success');
    expect(written.length).toBeGreaterThan(2);
    expect(written.every((chunk) => chunk.toolCallId === 'c-broken')).toBe(true);
    // Every event reached both channels, in order, before the tool returned.
    expect(dispatched).toEqual(written.map((chunk) => chunk.progress));
    expect(dispatched).toEqual([...dispatched].sort((a, b) => a - b));
  });
});
