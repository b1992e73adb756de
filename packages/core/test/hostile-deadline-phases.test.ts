import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type HostileApi, startHostileApi, succeededTask } from '@tripokit/testing/hostile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTripoToolkit, RecentTasks, TripoError } from '../src/index.js';

/**
 * `generate_3d_model`'s deadline covers every phase, not only the wait: the image upload before the create and
 * the download after the task succeeded. Real time and real sockets (a virtual clock says nothing about I/O that
 * is pending on the wire): a short deadline, and a fake that never finishes answering.
 */

const KEY = 'tsk_hostile_phases_key_4f19a2c6d0';
/** The call's deadline, and the slack the issue allows past it. */
const DEADLINE_S = 3;
const SLACK_S = 2;

let api: HostileApi;
let dir: string;
beforeEach(async () => {
  api = await startHostileApi();
  api.readTask = (id) => ({ kind: 'task', task: succeededTask(id, api.modelUrl(id)) });
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-phases-'));
});
afterEach(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

interface Timed {
  text?: string;
  structured?: Record<string, unknown>;
  error?: unknown;
  /** Real seconds from the call to its answer. */
  seconds: number;
}

/** One `generate_3d_model` call through a fresh toolkit, timed. */
async function generate(args: Record<string, unknown>): Promise<Timed> {
  const toolkit = createTripoToolkit({
    clientOptions: { apiKey: KEY, baseUrl: api.baseUrl, env: {}, webSocket: false },
    outputDir: dir,
    allowedInputDirs: [dir],
    waitSeconds: DEADLINE_S,
    recentTasks: new RecentTasks(),
    env: {},
  });
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  for await (const item of toolkit.call('generate_3d_model', args)) {
    if (item.type !== 'result') continue;
    if (item.isError) return { error: item.error, seconds: seconds() };
    return {
      text: item.text,
      structured: item.structured as Record<string, unknown>,
      seconds: seconds(),
    };
  }
  throw new Error('generate_3d_model ended without a result');
}

describe('generate_3d_model keeps its deadline in every phase (real time, silent fake)', () => {
  it('an image upload that is never answered: a retryable time-out on time, nothing created', async () => {
    api.upload = 'silent';
    const image = path.join(dir, 'fox.png');
    await writeFile(
      image,
      Buffer.concat([Buffer.from([0x89]), Buffer.from('PNG\r\n\x1a\n'), Buffer.alloc(64)]),
    );
    const result = await generate({ image });
    console.info(`silent upload: deadline ${DEADLINE_S} s, answered after ${result.seconds.toFixed(2)} s`);
    expect(api.requests.some((r) => r.method === 'POST' && r.path === '/v3/files')).toBe(true);
    expect(api.created).toHaveLength(0);
    expect(result.error).toBeInstanceOf(TripoError);
    expect(result.error).toMatchObject({ code: 'timeout', retryable: true });
    expect((result.error as TripoError).message).toMatch(/nothing (was )?created/i);
    expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
  });

  it('a create that is never answered: outcome_unknown on time, sent once, never retryable', async () => {
    api.createFault = () => 'accept-stall';
    const result = await generate({ prompt: 'a small red fox' });
    console.info(`silent create: deadline ${DEADLINE_S} s, answered after ${result.seconds.toFixed(2)} s`);
    expect(result.error).toBeInstanceOf(TripoError);
    expect(result.error).toMatchObject({ code: 'outcome_unknown', retryable: false });
    expect(api.requests.filter((r) => r.fault)).toHaveLength(1);
    expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
  });

  it.each([
    ['sends headers, then nothing', 'silent-after-headers'],
    ['never answers', 'silent'],
  ] as const)(
    'a file host that %s after success: the task id and its success on time, download_model next',
    async (_, fileHost) => {
      api.fileHost = fileHost;
      const result = await generate({ prompt: 'a small red fox' });
      console.info(
        `file host ${fileHost}: deadline ${DEADLINE_S} s, answered after ${result.seconds.toFixed(2)} s`,
      );
      expect(api.requests.some((r) => r.method === 'GET' && r.path.startsWith('/files/'))).toBe(true);
      expect(result.error).toBeUndefined();
      expect(api.created).toHaveLength(1);
      const taskId = api.created[0];
      expect(result.structured).toMatchObject({ task_id: taskId, status: 'success', terminal: true });
      expect(result.structured?.file).toBeUndefined();
      expect(result.structured?.next_step).toMatch(new RegExp(`download_model with task_id ${taskId}`));
      expect(`${result.text} ${result.structured?.next_step}`).not.toMatch(/call generate_3d_model/i);
      expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
      expect(await readdir(dir)).toEqual([]);
    },
  );
});
