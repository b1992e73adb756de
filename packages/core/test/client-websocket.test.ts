import { type RunningTripoSimulator, startTripoSimulator } from '@tripokit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TripoClient } from '../src/index.js';

const KEY = 'tsk_websocket_secret_key';
let running: RunningTripoSimulator;

beforeAll(async () => {
  running = await startTripoSimulator({
    apiVersion: 'v2',
    apiKey: KEY,
    speed: 1,
    watchIntervalMs: 10,
    timing: { queuedMs: 50, imageMs: 300 },
  });
});
afterAll(() => running.close());

describe('v2 WebSocket watch over the loopback simulator', () => {
  it('follows the task over the watch, sending the key only in the upgrade header', async () => {
    const client = new TripoClient({ apiKey: KEY, baseUrl: running.apiBase, env: {} });
    expect(client.apiVersion).toBe('v2');
    const { taskId } = await client.createTask({ type: 'text_to_image', prompt: 'a paper boat' });
    const seen: string[] = [];
    const task = await client.waitForTask(taskId, { onProgress: (t) => void seen.push(t.status) });
    expect(task).toMatchObject({ taskId, status: 'success' });
    const watch = running.sim.requests.filter((r) => r.path === `/v2/openapi/task/watch/${taskId}`);
    expect(watch).toHaveLength(1);
    expect(watch[0]).toMatchObject({ authPresent: true, status: 101 });
    expect(seen.at(-1)).toBe('success');
  });
});
