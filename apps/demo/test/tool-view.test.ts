import type { UIMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { indexSession } from '../src/client/session-models.js';
import { taskCards } from '../src/client/tool-view.js';
import { type Fields, succeeded } from './support/tool-results.js';

type Part = UIMessage['parts'][number];

let n = 0;
/** A tool part as `useChat` holds it, with the adapter's output shapes. */
function part(
  toolName: string,
  input: Fields,
  state: 'pending' | 'progress' | 'result' | 'error',
  output: Fields = {},
): Part {
  const base = { type: `tool-${toolName}`, toolCallId: `call${++n}`, input } as const;
  if (state === 'pending') return { ...base, state: 'input-available' } as Part;
  if (state === 'error')
    return { ...base, state: 'output-error', errorText: JSON.stringify({ error: output }) } as Part;
  const value =
    state === 'progress'
      ? { type: 'progress', ...output }
      : { type: 'result', text: 'summary', result: output };
  return { ...base, state: 'output-available', output: value, preliminary: state === 'progress' } as Part;
}

describe('task cards', () => {
  it('shows live progress, queue position and ETA from the preliminary results', () => {
    const cards = taskCards([
      { type: 'text', text: 'On it.' },
      part('generate_3d_model', { prompt: 'a red dragon' }, 'progress', {
        taskId: 't1',
        status: 'running',
        progress: 42,
        message: 'Running: 42%',
        etaSeconds: 30,
        queuePosition: 2,
      }),
    ]);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({
      index: 1,
      card: {
        phase: 'working',
        status: 'running',
        progress: 42,
        etaSeconds: 30,
        queuePosition: 2,
        taskId: 't1',
      },
    });
  });

  it('merges start, wait and download of one task into one card that ends with the model', () => {
    const cards = taskCards([
      part('smart_lowpoly', { original_model_task_id: 't1' }, 'result', {
        task_id: 't2',
        task_type: 'highpoly_to_lowpoly',
        status: 'queued',
      }),
      { type: 'text', text: 'waiting' },
      part(
        'wait_for_task',
        { task_id: 't2' },
        'result',
        succeeded('t2', { task_type: 'highpoly_to_lowpoly', credits_consumed: 30 }),
      ),
      part('download_model', { task_id: 't2' }, 'result', {
        task_id: 't2',
        path: '/x/t2.glb',
        format: 'glb',
        size_bytes: 2048,
      }),
    ]);
    expect(cards).toHaveLength(1);
    const { card } = cards[0]!;
    expect(card.toolName).toBe('smart_lowpoly');
    expect(card.steps.map((s) => [s.toolName, s.state])).toEqual([
      ['smart_lowpoly', 'done'],
      ['wait_for_task', 'done'],
      ['download_model', 'done'],
    ]);
    expect(card.phase).toBe('success');
    expect(card.model).toEqual({
      url: '/api/models/t2',
      downloadUrl: '/api/models/t2?download=1',
      viewable: true,
      format: 'glb',
      sizeBytes: 2048,
    });
    expect(card.facts).toContainEqual({ label: 'Credits used', value: '30', inline: '30 credits' });
  });

  it('keeps a started task working until a wait says it ended', () => {
    const [only] = taskCards([
      part('rig_model', { original_model_task_id: 't1' }, 'result', {
        task_id: 't3',
        task_type: 'animate_rig',
        status: 'queued',
      }),
      part('wait_for_task', { task_id: 't3' }, 'progress', { taskId: 't3', status: 'running', progress: 10 }),
    ]);
    expect(only?.card).toMatchObject({ phase: 'working', progress: 10 });
  });

  it('offers a download but no viewer for a format the viewer cannot show', () => {
    const [only] = taskCards([
      part('convert_model', { original_model_task_id: 't1', format: 'FBX' }, 'result', {
        task_id: 't4',
        status: 'queued',
      }),
      part(
        'wait_for_task',
        { task_id: 't4' },
        'result',
        succeeded('t4', { model_url: 'https://files.example/t4.fbx' }),
      ),
    ]);
    expect(only?.card.model).toMatchObject({ viewable: false, format: 'fbx' });
  });

  it("shows a banned outcome with the interpretation's advice", () => {
    const [only] = taskCards([
      part('generate_3d_model', { prompt: 'x' }, 'result', {
        task_id: 't5',
        status: 'banned',
        outcome: 'banned',
        terminal: true,
        message: 'Rejected by the content policy.',
        next_step: 'Change the prompt.',
      }),
    ]);
    expect(only?.card).toMatchObject({
      phase: 'failure',
      status: 'banned',
      message: 'Rejected by the content policy.',
      advice: 'Change the prompt.',
    });
  });

  it('shows a task that ended badly, reported as a tool error, with its status and advice', () => {
    const failed: Part = {
      type: 'tool-generate_3d_model',
      toolCallId: `call${++n}`,
      input: { prompt: 'x' },
      state: 'output-error',
      errorText: JSON.stringify({
        error: { code: 'task_failed', message: 'Task t6: banned.', suggestion: 'Change the prompt.' },
        result: { task_id: 't6', status: 'failed', outcome: 'banned', terminal: true, message: 'Rejected.' },
      }),
    } as Part;
    const [only] = taskCards([failed]);
    expect(only?.card).toMatchObject({
      phase: 'failure',
      status: 'banned',
      message: 'Rejected.',
      advice: 'Change the prompt.',
      taskId: 't6',
    });
  });

  it('shows a failed call with its code, message and suggestion', () => {
    const [only] = taskCards([
      part('generate_3d_model', { prompt: 'x' }, 'error', {
        code: 'insufficient_credits',
        message: 'Not enough credits.',
        suggestion: 'Top up.',
        retryable: false,
      }),
    ]);
    expect(only?.card).toMatchObject({
      phase: 'failure',
      errorCode: 'insufficient_credits',
      message: 'Not enough credits.',
      advice: 'Top up.',
    });
  });

  it('reads the balance as facts', () => {
    const [only] = taskCards([
      part('get_balance', {}, 'result', { balance: 2950, frozen: 0, message: 'Balance' }),
    ]);
    expect(only?.card.facts.map((f) => `${f.label}: ${f.value}`)).toEqual([
      'Available: 2,950 credits',
      'Held by running tasks: 0 credits',
    ]);
  });
});

describe('the session index', () => {
  it('lists each model once, and names derived models after the prompt they came from', () => {
    const messages: UIMessage[] = [
      {
        id: 'a1',
        role: 'assistant',
        parts: [
          part(
            'generate_3d_model',
            { prompt: 'a red dragon' },
            'result',
            succeeded('t1', { file: { path: '/x/t1.glb', format: 'glb' } }),
          ),
        ],
      },
      {
        id: 'a2',
        role: 'assistant',
        parts: [
          part('smart_lowpoly', { original_model_task_id: 't1' }, 'result', {
            task_id: 't2',
            status: 'queued',
          }),
          part('wait_for_task', { task_id: 't2' }, 'result', succeeded('t2')),
          part('download_model', { task_id: 't2' }, 'result', {
            task_id: 't2',
            path: '/x/t2.glb',
            format: 'glb',
          }),
        ],
      },
    ];
    const { models, titles } = indexSession(messages);
    expect(models.map((m) => [m.card.taskId, m.title, m.kind])).toEqual([
      ['t1', 'a red dragon', 'Original'],
      ['t2', 'a red dragon', 'Low-poly'],
    ]);
    expect(titles.get('t2')).toBe('a red dragon');
  });
});
