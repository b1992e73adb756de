import { describe, expect, it } from 'vitest';
import { detectIntent } from '../src/server/scripted/intents.js';
import type { CallOptions, Prompt } from '../src/server/scripted/model-types.js';
import { ScriptedLanguageModel } from '../src/server/scripted/scripted-model.js';
import { type Fields, succeeded } from './support/tool-results.js';

const TOOLS = [
  'generate_3d_model',
  'smart_lowpoly',
  'convert_model',
  'check_riggable',
  'rig_model',
  'retarget_animation',
  'wait_for_task',
  'download_model',
  'get_balance',
];

/** A conversation built step by step: the user speaks, the model calls tools, the tools answer. */
class Conversation {
  readonly prompt: Prompt = [];
  #n = 0;

  user(text: string): this {
    this.prompt.push({ role: 'user', content: [{ type: 'text', text }] });
    return this;
  }

  /** One tool call and its result (JSON, or an error text). */
  tool(toolName: string, input: Fields, output: Fields | { errorText: string }): this {
    const toolCallId = `c${++this.#n}`;
    this.prompt.push({ role: 'assistant', content: [{ type: 'tool-call', toolCallId, toolName, input }] });
    const result =
      'errorText' in output
        ? { type: 'error-text' as const, value: output.errorText as string }
        : { type: 'json' as const, value: output as never };
    this.prompt.push({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId, toolName, output: result }],
    });
    return this;
  }

  say(text: string): this {
    this.prompt.push({ role: 'assistant', content: [{ type: 'text', text }] });
    return this;
  }

  options(tools = TOOLS): CallOptions {
    return {
      prompt: this.prompt,
      tools: tools.map((name) => ({
        type: 'function' as const,
        name,
        inputSchema: { type: 'object' as const },
      })),
    };
  }
}

const model = new ScriptedLanguageModel({ chunkDelayMs: 0 });

const started = (taskId: string, type: string): Fields => ({
  task_id: taskId,
  task_type: type,
  status: 'queued',
});

/** A conversation that already made "a red dragon" as task t1. */
function withDragon(): Conversation {
  return new Conversation()
    .user('make a red dragon')
    .tool(
      'generate_3d_model',
      { prompt: 'a red dragon' },
      succeeded('t1', { task_type: 'text_to_model', file: { path: '/x' } }),
    )
    .say('Here it is.');
}

describe('reading the user', () => {
  it.each([
    ['make a red dragon', { kind: 'generate', prompt: 'a red dragon' }],
    [
      'Please create a wooden treasure chest, thanks!',
      { kind: 'generate', prompt: 'a wooden treasure chest' },
    ],
    ['a castle on a hill', { kind: 'generate', prompt: 'a castle on a hill' }],
    ['make a running horse', { kind: 'generate', prompt: 'a running horse' }],
    ['make it low-poly', { kind: 'lowpoly' }],
    ['can you simplify it?', { kind: 'lowpoly' }],
    ['rig it and make it walk', { kind: 'animate', animation: 'preset:walk' }],
    ['now make it run', { kind: 'animate', animation: 'preset:run' }],
    ['convert it to FBX', { kind: 'convert', format: 'fbx' }],
    ['how many credits do I have', { kind: 'balance' }],
    ['hello', { kind: 'greeting' }],
    ['what can you do?', { kind: 'help' }],
  ])('%s', (text, intent) => {
    expect(detectIntent(text)).toEqual(intent);
  });
});

describe('the scripted agent', () => {
  it('starts a generation with the subject as prompt and a short preface', () => {
    const action = model.decide(new Conversation().user('make a red dragon').options());
    expect(action).toMatchObject({
      type: 'call',
      toolName: 'generate_3d_model',
      input: { prompt: 'a red dragon' },
    });
    expect(action.type === 'call' && action.preface).toContain('a red dragon');
  });

  it('waits for a generation that outlived its call, then saves it', () => {
    const c = new Conversation()
      .user('make a red dragon')
      .tool(
        'generate_3d_model',
        { prompt: 'a red dragon' },
        { task_id: 't1', outcome: 'running', terminal: false },
      );
    expect(model.decide(c.options())).toMatchObject({ toolName: 'wait_for_task', input: { task_id: 't1' } });
    c.tool('wait_for_task', { task_id: 't1' }, succeeded('t1', { task_type: 'text_to_model' }));
    expect(model.decide(c.options())).toMatchObject({ toolName: 'download_model', input: { task_id: 't1' } });
    c.tool(
      'download_model',
      { task_id: 't1' },
      { task_id: 't1', path: '/x/t1_pbr_model.glb', format: 'glb' },
    );
    const reply = model.decide(c.options());
    expect(reply.type === 'reply' && reply.text).toContain('Here is a red dragon');
  });

  it('stops waiting after a few rounds and says the task goes on', () => {
    const c = new Conversation()
      .user('make a red dragon')
      .tool(
        'generate_3d_model',
        { prompt: 'a red dragon' },
        { task_id: 't1', outcome: 'queued', terminal: false },
      );
    for (let i = 0; i < 4; i++)
      c.tool('wait_for_task', { task_id: 't1' }, { task_id: 't1', outcome: 'queued', terminal: false });
    const reply = model.decide(c.options());
    expect(reply.type === 'reply' && reply.text).toContain("It's still running at Tripo (task t1)");
  });

  it('turns "make it low-poly" into smart_lowpoly on the last model, then waits and saves', () => {
    const c = withDragon().user('make it low-poly');
    expect(model.decide(c.options())).toMatchObject({
      toolName: 'smart_lowpoly',
      input: { original_model_task_id: 't1' },
    });
    c.tool('smart_lowpoly', { original_model_task_id: 't1' }, started('t2', 'highpoly_to_lowpoly'));
    expect(model.decide(c.options())).toMatchObject({ toolName: 'wait_for_task', input: { task_id: 't2' } });
    c.tool(
      'wait_for_task',
      { task_id: 't2' },
      succeeded('t2', { task_type: 'highpoly_to_lowpoly', credits_consumed: 30 }),
    );
    expect(model.decide(c.options())).toMatchObject({ toolName: 'download_model', input: { task_id: 't2' } });
    c.tool('download_model', { task_id: 't2' }, { task_id: 't2', path: '/x/t2.glb', format: 'glb' });
    const reply = model.decide(c.options());
    expect(reply.type === 'reply' && reply.text).toMatch(
      /low-poly version of a red dragon.*It used 30 credits/,
    );
  });

  it('asks for a model first when there is nothing to change', () => {
    const reply = model.decide(new Conversation().user('make it low-poly').options());
    expect(reply).toMatchObject({
      type: 'reply',
      text: expect.stringContaining('no model in this chat yet'),
    });
  });

  it('rigs with the checked skeleton and picks the walk of that skeleton', () => {
    const c = withDragon().user('rig it and make it walk');
    expect(model.decide(c.options())).toMatchObject({
      toolName: 'check_riggable',
      input: { original_model_task_id: 't1' },
    });
    c.tool('check_riggable', { original_model_task_id: 't1' }, started('t2', 'animate_prerigcheck'));
    c.tool(
      'wait_for_task',
      { task_id: 't2' },
      succeeded('t2', { task_type: 'animate_prerigcheck', riggable: true, rig_type: 'quadruped' }),
    );
    expect(model.decide(c.options())).toMatchObject({
      toolName: 'rig_model',
      input: { original_model_task_id: 't1', rig_type: 'quadruped', model_version: 'v2.5-20260210' },
    });
    c.tool('rig_model', { original_model_task_id: 't1' }, started('t3', 'animate_rig'));
    c.tool('wait_for_task', { task_id: 't3' }, succeeded('t3', { task_type: 'animate_rig' }));
    expect(model.decide(c.options())).toMatchObject({
      toolName: 'retarget_animation',
      input: { original_model_task_id: 't3', animation: 'preset:quadruped:walk' },
    });
    c.tool('retarget_animation', { original_model_task_id: 't3' }, started('t4', 'animate_retarget'));
    c.tool('wait_for_task', { task_id: 't4' }, succeeded('t4', { task_type: 'animate_retarget' }));
    c.tool('download_model', { task_id: 't4' }, { task_id: 't4', path: '/x/t4.glb', format: 'glb' });
    const reply = model.decide(c.options());
    expect(reply.type === 'reply' && reply.text).toContain(
      'A red dragon is rigged with a quadruped skeleton',
    );
  });

  it('stops when the model cannot be rigged', () => {
    const c = withDragon()
      .user('rig it')
      .tool('check_riggable', { original_model_task_id: 't1' }, started('t2', 'animate_prerigcheck'))
      .tool(
        'wait_for_task',
        { task_id: 't2' },
        succeeded('t2', { riggable: false, message: 'No limbs found.' }),
      );
    const reply = model.decide(c.options());
    expect(reply).toMatchObject({
      type: 'reply',
      text: expect.stringContaining("can't be rigged. No limbs found."),
    });
  });

  it('explains a failure in the words of the tool result', () => {
    const c = new Conversation().user('make a forbidden statue').tool(
      'generate_3d_model',
      { prompt: 'a forbidden statue' },
      {
        task_id: 't1',
        outcome: 'banned',
        terminal: true,
        message: 'Tripo rejected the input.',
        next_step: 'Change the prompt.',
      },
    );
    const reply = model.decide(c.options());
    expect(reply).toEqual({
      type: 'reply',
      text: "Tripo couldn't make a forbidden statue. Tripo rejected the input. Change the prompt.",
    });
  });

  it('explains a tool error with its suggestion', () => {
    const c = withDragon()
      .user('make it low-poly')
      .tool(
        'smart_lowpoly',
        { original_model_task_id: 't1' },
        {
          errorText: JSON.stringify({
            error: { code: 'insufficient_credits', message: 'Not enough credits.', suggestion: 'Top up.' },
          }),
        },
      );
    const reply = model.decide(c.options());
    expect(reply.type === 'reply' && reply.text).toContain('Not enough credits. Top up.');
  });

  it('does not call a tool the host did not offer', () => {
    const reply = model.decide(
      new Conversation().user('how many credits do I have?').options(['generate_3d_model']),
    );
    expect(reply).toMatchObject({ type: 'reply', text: expect.stringContaining('get_balance tool') });
  });

  it('streams its reply as text deltas and finishes with stop', async () => {
    const { stream } = await model.doStream(new Conversation().user('hello').options());
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts[0]).toMatchObject({ type: 'stream-start' });
    const text = parts.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : [])).join('');
    expect(text).toMatch(/^Hi! I make 3D models/);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });

  it('streams a tool call with JSON input and finishes with tool-calls', async () => {
    const { stream } = await model.doStream(new Conversation().user('how many credits do I have?').options());
    const parts = [];
    for await (const part of stream) parts.push(part);
    const call = parts.find((p) => p.type === 'tool-call');
    expect(call).toMatchObject({ toolName: 'get_balance', input: '{}' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool-calls' } });
  });
});
