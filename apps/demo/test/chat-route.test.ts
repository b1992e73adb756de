import { readdir, stat } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import type { UIMessage, UIMessageChunk } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../src/server/demo-server.js';
import { chat, userMessage } from './support/sse.js';

type OutputChunk = Extract<UIMessageChunk, { type: 'tool-output-available' }>;
type Fields = Record<string, unknown>;

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({
    env: {},
    // About 5 s per generation (the demo's own pace): long enough for a wait to read the task running at least
    // once before it aims at the end, short enough for a unit test.
    simulator: { speed: 12 },
    scripted: { chunkDelayMs: 0 },
    log: () => {},
  });
});

afterAll(async () => {
  await demo?.close();
});

function outputs(chunks: UIMessageChunk[], toolCallId: string): OutputChunk[] {
  return chunks.filter(
    (c): c is OutputChunk => c.type === 'tool-output-available' && c.toolCallId === toolCallId,
  );
}

/** The structured result inside the adapter's final value `{ type: 'result', text, result }`. */
function resultOf(chunk: OutputChunk | undefined): Fields {
  const output = chunk?.output as Fields | undefined;
  expect(output?.type).toBe('result');
  expect(output?.text).toEqual(expect.any(String));
  return output?.result as Fields;
}

function toolCall(
  chunks: UIMessageChunk[],
  toolName: string,
): Extract<UIMessageChunk, { type: 'tool-input-available' }> {
  const call = chunks.find(
    (c): c is Extract<UIMessageChunk, { type: 'tool-input-available' }> =>
      c.type === 'tool-input-available' && c.toolName === toolName,
  );
  if (!call) throw new Error(`no ${toolName} call in ${chunks.map((c) => c.type).join(', ')}`);
  return call;
}

describe('chat route with the scripted model and the simulator', () => {
  const history: UIMessage[] = [];
  let firstTaskId = '';
  let rigTaskId = '';

  it('streams a generation: preliminary progress, then the final result, then prose', async () => {
    history.push(userMessage('u1', 'make a red dragon'));
    const { status, contentType, chunks, message } = await chat(demo.url, history);
    expect(status).toBe(200);
    expect(contentType).toContain('text/event-stream');

    const call = toolCall(chunks, 'generate_3d_model');
    expect(call.input).toEqual({ prompt: 'a red dragon' });
    const outs = outputs(chunks, call.toolCallId);
    // The AI SDK sends the last yielded value twice: as a preliminary output, then as the final one.
    const preliminary = outs.filter(
      (c) => c.preliminary === true && (c.output as Fields).type === 'progress',
    );
    const finals = outs.filter((c) => c.preliminary !== true);
    expect(preliminary.length).toBeGreaterThanOrEqual(3);
    expect(finals).toHaveLength(1);
    expect(outs.filter((c) => (c.output as Fields).type !== 'progress')).toHaveLength(2);

    // Progress never goes back, and moves through more than one value before the end.
    const progress = preliminary.map((c) => (c.output as Fields).progress as number);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress.filter((p) => p < 100)).size).toBeGreaterThanOrEqual(2);
    expect(preliminary.some((c) => (c.output as Fields).status === 'running')).toBe(true);

    const final = resultOf(finals[0]);
    expect(final).toMatchObject({ outcome: 'success', terminal: true, progress: 100 });
    firstTaskId = final.task_id as string;
    expect(firstTaskId).toMatch(/\S/);
    expect((final.file as Fields).format).toBe('glb');

    // Order: every preliminary output, then the final one, then the model's closing text.
    const types = chunks.map((c) => c.type);
    const finalAt = chunks.indexOf(finals[0]!);
    expect(chunks.indexOf(preliminary.at(-1)!)).toBeLessThan(finalAt);
    expect(types.lastIndexOf('text-delta')).toBeGreaterThan(finalAt);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('finish');

    const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ');
    expect(text).toContain('Here is a red dragon');
    history.push(message);
  });

  it('serves the finished model same-origin, and nothing it has not seen', async () => {
    const res = await fetch(`${demo.url}/api/models/${firstTaskId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('model/gltf-binary');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('glTF');

    const download = await fetch(`${demo.url}/api/models/${firstTaskId}?download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.glb"$/);
    await download.arrayBuffer();

    expect((await fetch(`${demo.url}/api/models/not-a-task-of-ours`)).status).toBe(404);
    expect((await fetch(`${demo.url}/api/models/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('makes it low-poly: starts the task on the last model, waits for it and saves a second model', async () => {
    history.push(userMessage('u2', 'make it low-poly'));
    const { chunks, message } = await chat(demo.url, history);
    const start = toolCall(chunks, 'smart_lowpoly');
    expect(start.input).toEqual({ original_model_task_id: firstTaskId });
    const started = resultOf(outputs(chunks, start.toolCallId).find((c) => c.preliminary !== true));
    const lowPolyId = started.task_id as string;
    expect(lowPolyId).not.toBe(firstTaskId);

    const wait = toolCall(chunks, 'wait_for_task');
    expect(wait.input).toEqual({ task_id: lowPolyId });
    const waited = outputs(chunks, wait.toolCallId);
    expect(waited.some((c) => c.preliminary === true)).toBe(true);
    expect(resultOf(waited.at(-1))).toMatchObject({ outcome: 'success', task_type: 'highpoly_to_lowpoly' });

    const save = toolCall(chunks, 'download_model');
    expect(save.input).toEqual({ task_id: lowPolyId });
    expect(resultOf(outputs(chunks, save.toolCallId).at(-1))).toMatchObject({ format: 'glb' });

    const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ');
    expect(text).toContain('low-poly version of a red dragon');
    const res = await fetch(`${demo.url}/api/models/${lowPolyId}`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    history.push(message);
  });

  it('rigs the latest model and applies a walk', async () => {
    history.push(userMessage('u5', 'rig it and make it walk'));
    const { chunks, message } = await chat(demo.url, history);
    const names = chunks.flatMap((c) => (c.type === 'tool-input-available' ? [c.toolName] : []));
    expect(names).toEqual([
      'check_riggable',
      'wait_for_task',
      'rig_model',
      'wait_for_task',
      'retarget_animation',
      'wait_for_task',
      'download_model',
    ]);
    const rig = toolCall(chunks, 'rig_model');
    rigTaskId = resultOf(outputs(chunks, rig.toolCallId).find((c) => c.preliminary !== true))
      .task_id as string;
    const retarget = toolCall(chunks, 'retarget_animation');
    expect((retarget.input as Fields).animation).toMatch(/^preset:(.+:)?(walk|march)$/);
    expect(chunks.some((c) => c.type === 'tool-output-error')).toBe(false);
    const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ');
    expect(text).toMatch(/^First I check .* A red dragon is rigged/);
  });

  it('fetches a model no tool saved (the rigged one) through the client, once', async () => {
    const first = await fetch(`${demo.url}/api/models/${rigTaskId}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('model/gltf-binary');
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('glTF');
    const saved = (await readdir(demo.outputDir)).filter((name) => name.startsWith(rigTaskId));
    expect(saved).toHaveLength(1);
    const { ino } = await stat(path.join(demo.outputDir, saved[0]!));

    const again = await fetch(`${demo.url}/api/models/${rigTaskId}`);
    expect(again.status).toBe(200);
    await again.arrayBuffer();
    // Served from disk the second time: a new download would have renamed a new file into place.
    expect((await stat(path.join(demo.outputDir, saved[0]!))).ino).toBe(ino);
  });

  it('reports a banned prompt as a tool error that keeps the interpreted status and advice', async () => {
    const { chunks, message } = await chat(demo.url, [userMessage('u3', 'make a forbidden statue')]);
    const call = toolCall(chunks, 'generate_3d_model');
    const error = chunks.find((c) => c.type === 'tool-output-error' && c.toolCallId === call.toolCallId);
    if (error?.type !== 'tool-output-error') throw new Error('no tool error in the stream');
    const parsed = JSON.parse(error.errorText) as { error: Fields; result: Fields };
    const final = parsed.result;
    expect(parsed.error).toMatchObject({ code: 'task_failed', suggestion: final.next_step });
    expect(final).toMatchObject({ outcome: 'banned', terminal: true });
    expect(final.next_step).toEqual(expect.any(String));
    const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ');
    expect(text).toContain("Tripo couldn't make a forbidden statue.");
    expect(text).toContain(final.next_step as string);
  });

  it('passes a refused request on as a structured tool error with its advice', async () => {
    const { chunks, message } = await chat(demo.url, [userMessage('u6', 'make an offensive statue')]);
    const error = chunks.find((c) => c.type === 'tool-output-error');
    if (error?.type !== 'tool-output-error') throw new Error('no tool error in the stream');
    const content = (JSON.parse(error.errorText) as { error: Fields }).error;
    expect(content).toMatchObject({
      code: 'content_policy',
      message: expect.any(String),
      suggestion: expect.any(String),
    });
    const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ');
    expect(text).toContain("Tripo couldn't make an offensive statue.");
    expect(text).not.toContain('Error (');
  });

  it('answers the balance from get_balance', async () => {
    const { chunks, message } = await chat(demo.url, [userMessage('u4', 'How many credits do I have?')]);
    const call = toolCall(chunks, 'get_balance');
    const final = resultOf(outputs(chunks, call.toolCallId).at(-1));
    const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ');
    expect(text).toContain(`You have ${(final.balance as number).toLocaleString('en')} credits available`);
  });

  it('rejects a request that is not a conversation', async () => {
    const json = { 'content-type': 'application/json' };
    const res = await fetch(`${demo.url}/api/chat`, {
      method: 'POST',
      headers: json,
      body: '{"messages": 3}',
    });
    expect(res.status).toBe(400);
    expect((await fetch(`${demo.url}/api/chat`)).status).toBe(405);
  });

  it('refuses work another web page could start through the browser', async () => {
    const body = JSON.stringify({ messages: [userMessage('x', 'how many credits do I have')] });
    // A cross-site form or beacon can only send text/plain without a CORS preflight.
    const plain = await fetch(`${demo.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(plain.status).toBe(415);
    const foreign = await fetch(`${demo.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body,
    });
    expect(foreign.status).toBe(403);
    // DNS rebinding: a foreign name that resolves to this loopback server.
    const rebound = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(demo.url);
      request(
        { host: '127.0.0.1', port, path: '/api/info', headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(403);
  });

  it('says which mode it runs in', async () => {
    const info = (await (await fetch(`${demo.url}/api/info`)).json()) as Fields;
    expect(info).toEqual({
      agent: { kind: 'scripted', label: expect.any(String) },
      tripo: { kind: 'simulator', label: expect.any(String) },
    });
  });
});
