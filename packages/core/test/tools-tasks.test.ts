import { describe, expect, it } from 'vitest';
import { RecentTasks, tripoToolsByName } from '../src/index.js';
import { taskStartedOutput } from '../src/tools/task-started.js';
import { type CallOutcome, everything, KEY, useToolHarness } from './tools-harness.js';

type ToolName = keyof typeof tripoToolsByName;

describe('task-starting tools against the simulator', () => {
  const h = useToolHarness();

  function checkShared(out: CallOutcome, name: ToolName): void {
    expect(out.error, `${name}: ${out.error?.message}`).toBeUndefined();
    expect(() => tripoToolsByName[name].output.parse(out.result)).not.toThrow();
    expect(new TextEncoder().encode(out.text).length).toBeLessThanOrEqual(1024);
    expect(everything(out)).not.toContain(KEY);
  }

  /** Starts a task with a tool; checks the shared shape, the first progress event and the price. */
  async function start(name: ToolName, args: Record<string, unknown>): Promise<string> {
    const out = await h.call(name, args);
    checkShared(out, name);
    const started = taskStartedOutput.parse(out.result);
    expect(out.progress[0]?.taskId).toBe(started.task_id);
    expect(started.next_step).toContain(`wait_for_task with task_id ${started.task_id}`);
    expect(out.text).toContain(started.task_id);
    const simTask = h.sim.task(started.task_id);
    // v3 has one route for prompt-only image generation, which the simulator files as text_to_image.
    const sameTask =
      simTask?.type === started.task_type || (name === 'generate_image' && simTask?.type === 'text_to_image');
    expect(sameTask, `${name}: ${simTask?.type}`).toBe(true);
    // Unpriced task types (stylize, refine) leave the field out rather than sending null.
    if (name === 'stylize_model' || name === 'refine_model')
      expect(out.result).not.toHaveProperty('estimated_credits');
    else expect(started.estimated_credits, name).toBe(simTask?.price);
    expect(h.recent.get(started.task_id)).toMatchObject({ origin: 'started', tool: name, status: 'queued' });
    return started.task_id;
  }

  async function finish(taskId: string) {
    const out = await h.call('wait_for_task', { task_id: taskId, timeout_seconds: 600 });
    checkShared(out, 'wait_for_task');
    expect(out.result?.outcome, `${taskId}: ${out.result?.message}`).toBe('success');
    return out.result as Record<string, unknown>;
  }

  it('runs every post-processing tool on a generated model', async () => {
    const base = await start('create_3d_model_from_text', {
      prompt: 'a robot dog',
      model_version: 'v2.5-20250123',
    });
    await finish(base);

    const textured = await start('texture_model', {
      original_model_task_id: base,
      texture_prompt: { text: 'gold plating' },
    });
    expect((await finish(textured)).model_url).toBeDefined();

    const styled = await start('stylize_model', { original_model_task_id: base, style: 'lego' });
    await finish(styled);

    const converted = await start('convert_model', {
      original_model_task_id: base,
      format: 'FBX',
      face_limit: 5000,
    });
    await finish(converted);

    const check = await start('check_riggable', { original_model_task_id: base });
    const checked = await finish(check);
    expect(checked.riggable).toBe(true);
    expect(typeof checked.rig_type).toBe('string');
    expect(checked.next_step).toMatch(/rig_model/);

    const rig = await start('rig_model', {
      original_model_task_id: base,
      rig_type: checked.rig_type,
      model_version: 'v2.5-20260210',
    });
    await finish(rig);
    const anim = await start('retarget_animation', {
      original_model_task_id: rig,
      animations: ['preset:walk', 'preset:run'],
    });
    await finish(anim);
    const second = await h.call('download_model', { task_id: anim, output: 'model_1' });
    checkShared(second, 'download_model');
    expect(second.result?.output).toBe('model_1');

    const parts = await start('segment_mesh', { original_model_task_id: base });
    await finish(parts);
    const completed = await start('complete_mesh', { original_model_task_id: parts });
    await finish(completed);

    const low = await start('smart_lowpoly', { original_model_task_id: base, face_limit: 4000 });
    await finish(low);
  });

  it('makes images and models from images', async () => {
    const image = await start('generate_image', { prompt: 'a green frog, studio light' });
    const made = await finish(image);
    expect(made.generated_image_url).toMatch(/^https?:/);
    const saved = await h.call('download_model', { task_id: image });
    checkShared(saved, 'download_model');
    expect(saved.result?.output).toBe('generated_image');
    expect(saved.result?.format).toBe('png');

    const views = await start('generate_multiview_image', { file: 'https://images.example/frog.png' });
    const viewed = await finish(views);
    expect(Object.keys(viewed.multiview_image_urls as object).sort()).toEqual([
      'back',
      'front',
      'left',
      'right',
    ]);

    const fromViews = await start('create_3d_model_from_multiview', { original_task_id: views });
    await finish(fromViews);
    const fromFiles = await start('create_3d_model_from_multiview', {
      files: ['https://images.example/front.png', null, 'https://images.example/back.png', null],
    });
    await finish(fromFiles);

    const fromImage = await start('create_3d_model_from_image', {
      image: 'https://images.example/frog.png',
      texture_quality: 'detailed',
    });
    await finish(fromImage);
    expect(h.sim.task(fromImage)?.price).toBe(40);
  });

  it('imports a model from a URL for free', async () => {
    const imported = await start('import_model', { file: 'https://models.example/chair.glb' });
    expect(h.sim.task(imported)?.price).toBe(0);
    await finish(imported);
  });

  it('refuses invalid input naming the field, with no request reaching the simulator', async () => {
    const cases: [ToolName, Record<string, unknown>, string][] = [
      ['create_3d_model_from_text', { prompt: 'a fox', texture_quality: 'ultra' }, 'texture_quality'],
      ['generate_3d_model', { prompt: 'a fox', face_limit: 10 }, 'face_limit'],
      ['convert_model', { original_model_task_id: 'abc', format: 'DAE' }, 'format'],
      ['retarget_animation', { original_model_task_id: 'abc', animation: 'preset:moonwalk' }, 'animation'],
      ['stylize_model', { original_model_task_id: 'abc', style: 'voronoi', block_size: 64 }, 'block_size'],
      ['wait_for_task', { task_id: 'abc', timeout_seconds: 0 }, 'timeout_seconds'],
    ];
    for (const [name, args, field] of cases) {
      const out = await h.call(name, args);
      expect(out.error?.code, name).toBe('invalid_request');
      expect(out.error?.field, name).toBe(field);
      expect(out.error?.message, name).toContain(field);
    }
    const allowed = await h.call('create_3d_model_from_text', { prompt: 'a fox', texture_quality: 'ultra' });
    for (const value of ['standard', 'detailed', 'extreme']) expect(allowed.error?.message).toContain(value);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('reports a create refused by Tripo as a typed error, with nothing recorded', async () => {
    const out = await h.call('create_3d_model_from_text', { prompt: 'something offensive' });
    expect(out.error?.code).toBe('content_policy');
    expect(out.errorResult?.structured.error.code).toBe('content_policy');
    expect(h.recent.size).toBe(0);
  });
});

describe('account and housekeeping tools', () => {
  const h = useToolHarness();

  it('get_balance reads the balance and frozen credits', async () => {
    await h.call('create_3d_model_from_text', { prompt: 'a lamp' });
    const out = await h.call('get_balance', {});
    expect(out.error).toBeUndefined();
    expect(out.result).toMatchObject(h.sim.balance);
    expect(out.result?.frozen).toBe(20);
    expect(out.text).toMatch(/20 frozen/);
  });

  it('estimate_cost prices a plan from the table without sending anything', async () => {
    const out = await h.call('estimate_cost', {
      requests: [
        { type: 'text_to_model', texture_quality: 'detailed' },
        { type: 'animate_rig' },
        { type: 'animate_retarget', animations: ['preset:walk', 'preset:run'] },
        { type: 'stylize_model' },
      ],
    });
    expect(out.error).toBeUndefined();
    expect(out.result?.estimates.map((e: { credits?: number }) => e.credits)).toEqual([
      30,
      25,
      20,
      undefined,
    ]);
    expect(out.result?.estimates[3]).not.toHaveProperty('credits');
    expect(out.result).toMatchObject({ total_credits: 75, complete: false });
    expect(h.sim.requests).toHaveLength(0);
  });

  it("estimate_cost prices by tool name with the tool's own parameters, and refuses a name that starts no task", async () => {
    const out = await h.call('estimate_cost', {
      requests: [
        { type: 'create_3d_model_from_text', prompt: 'a lamp', texture_quality: 'detailed' },
        { type: 'generate_3d_model', image: 'cat.png', timeout_seconds: 30 },
        { type: 'generate_3d_model', prompt: 'a cat' },
        { type: 'retarget_animation', animations: ['preset:walk', 'preset:run'] },
      ],
    });
    expect(out.error).toBeUndefined();
    expect(out.result?.estimates.map((e: { task_type: string }) => e.task_type)).toEqual([
      'text_to_model',
      'image_to_model',
      'text_to_model',
      'animate_retarget',
    ]);
    expect(out.result?.estimates.map((e: { credits?: number }) => e.credits)).toEqual([30, 30, 20, 20]);

    const wrong = await h.call('estimate_cost', { requests: [{ type: 'get_balance' }] });
    expect(wrong.error?.code).toBe('invalid_request');
    expect(wrong.error?.message).toContain('get_balance');
    const typo = await h.call('estimate_cost', {
      requests: [{ type: 'create_3d_model_from_text', texture_qualty: 'detailed' }],
    });
    expect(typo.error?.code).toBe('invalid_request');
    expect(typo.error?.message).toContain('texture_qualty');
    expect(h.sim.requests).toHaveLength(0);
  });

  it('list_recent_tasks remembers started and observed tasks with their last known status', async () => {
    const first = (await h.call('create_3d_model_from_text', { prompt: 'a red lamp' })).result
      ?.task_id as string;
    const second = (await h.call('create_3d_model_from_text', { prompt: 'a blue lamp' })).result
      ?.task_id as string;
    let listed = await h.call('list_recent_tasks', {});
    expect(listed.result?.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([second, first]);
    expect(listed.result?.tasks[1]).toMatchObject({
      task_id: first,
      origin: 'started',
      status: 'queued',
      tool: 'create_3d_model_from_text',
      summary: 'a red lamp',
      estimated_credits: 20,
    });
    expect(listed.text).toContain(first);

    await h.call('wait_for_task', { task_id: first, timeout_seconds: 600 });
    listed = await h.call('list_recent_tasks', { limit: 1 });
    expect(listed.result?.tasks).toHaveLength(1);
    expect(listed.result?.tasks[0]).toMatchObject({
      task_id: first,
      status: 'success',
      outcome: 'success',
      origin: 'started',
    });

    h.recent.clear();
    await h.call('get_task_status', { task_id: second });
    listed = await h.call('list_recent_tasks', { started_only: true });
    expect(listed.result?.count).toBe(0);
    listed = await h.call('list_recent_tasks', {});
    expect(listed.result?.tasks[0]).toMatchObject({ task_id: second, origin: 'observed' });
  });

  it('list_recent_tasks keeps the id of a generation whose caller gave up', async () => {
    const controller = new AbortController();
    const pending = h.call(
      'generate_3d_model',
      { prompt: 'a green lamp', timeout_seconds: 600 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 5);
    const out = await pending;
    expect(out.error?.code).toBe('aborted');
    const id = out.progress[0]?.taskId;
    expect(id).toBeDefined();
    expect(out.errorResult?.structured.error.task_id).toBe(id);
    expect(out.error?.message).toContain(
      `Task ${id} goes on at Tripo; call wait_for_task with task_id ${id} (then download_model)`,
    );
    const listed = await h.call('list_recent_tasks', {});
    expect(listed.result?.tasks[0]).toMatchObject({
      task_id: id,
      origin: 'started',
      tool: 'generate_3d_model',
    });
  });
});

describe('RecentTasks', () => {
  it('keeps the most recently updated tasks up to its limit, progress never backwards, started stays started', () => {
    let now = 0;
    const recent = new RecentTasks({ limit: 2, now: () => ++now });
    recent.record({ taskId: 'a', origin: 'started', status: 'running', progress: 40 });
    recent.record({ taskId: 'b', status: 'queued' });
    recent.record({ taskId: 'a', origin: 'observed', status: 'running', progress: 30 });
    recent.record({ taskId: 'c', status: 'queued' });
    expect(recent.list().map((t) => t.taskId)).toEqual(['c', 'a']);
    expect(recent.get('a')).toMatchObject({ origin: 'started', progress: 40, firstSeenAt: 1, updatedAt: 3 });
    expect(recent.get('b')).toBeUndefined();
    expect(recent.list({ origin: 'started' }).map((t) => t.taskId)).toEqual(['a']);
  });
});
