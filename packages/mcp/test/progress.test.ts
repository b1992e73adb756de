import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { type Era, KEY, type ReceivedProgress, textOf, useMcpHarness } from './harness.js';

interface Timed extends ReceivedProgress {
  at: number;
}

interface Meta {
  taskId?: string;
  status: string;
  progress: number;
  heartbeat?: boolean;
}

function progressMeta(p: ReceivedProgress): Meta {
  return p._meta?.['tripokit/progress'] as Meta;
}

describe.each<Era>(['legacy', 'modern'])('progress over the %s era', (era) => {
  const h = useMcpHarness();

  it('sends each status and progress change in order, with the task id, before the result', async () => {
    const { client } = await h.connect(era);
    const progress: ReceivedProgress[] = [];
    const result = await client.callTool(
      { name: 'generate_3d_model', arguments: { prompt: 'a small wooden boat' } },
      { onprogress: (p) => progress.push(p as ReceivedProgress), resetTimeoutOnProgress: true },
    );
    expect(result.isError, textOf(result as never)).toBeFalsy();
    const taskId = (result.structuredContent as { task_id: string }).task_id;

    expect(progress.length).toBeGreaterThan(3);
    expect(progressMeta(progress[0]!).taskId).toBe(taskId);
    const values = progress.map((p) => p.progress);
    // MCP: progress MUST increase with each notification; 100 only once the call is done.
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(values.slice(0, -1).every((v) => v < 100)).toBe(true);
    expect(progress.every((p) => p.total === 100 && typeof p.message === 'string' && p.message !== '')).toBe(
      true,
    );
    const statuses = progress.map((p) => progressMeta(p).status);
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('downloaded');
    expect(values.at(-1)).toBe(100);
    // Consecutive notifications differ: each one is a change, not a repeated poll.
    for (let i = 1; i < progress.length; i++) {
      const [a, b] = [progress[i - 1]!, progress[i]!];
      expect(
        a.progress !== b.progress ||
          a.message !== b.message ||
          progressMeta(a).status !== progressMeta(b).status,
      ).toBe(true);
    }
    expect(JSON.stringify(progress)).not.toContain(KEY);
  });

  it('repeats the last progress at least every 15 s while a task waits without news', async () => {
    const { client } = await h.connect(era);
    const started = h.clock.now();
    const received: Timed[] = [];
    const result = await client.callTool(
      // "stuck" keeps the task queued forever; the call returns at its deadline with the task id.
      { name: 'generate_3d_model', arguments: { prompt: 'a stuck lighthouse', timeout_seconds: 70 } },
      {
        onprogress: (p) => received.push({ ...(p as ReceivedProgress), at: h.clock.now() }),
        resetTimeoutOnProgress: true,
      },
    );
    const ended = h.clock.now();
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { status: string; task_id: string };
    expect(structured.status).toBe('queued');

    const beats = received.filter((p) => progressMeta(p).heartbeat === true);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    const news = received.filter((p) => progressMeta(p).heartbeat !== true);
    for (const beat of beats) {
      expect(beat.message).toMatch(/^Still waiting \(\d+ s so far\)\./);
      expect(progressMeta(beat).taskId).toBe(structured.task_id);
      // The event in _meta is the task's own progress; the notified value creeps up without a new percent.
      expect(progressMeta(beat).progress).toBe(progressMeta(news.at(-1)!).progress);
    }
    for (let i = 1; i < received.length; i++) {
      const [before, now] = [received[i - 1]!.progress, received[i]!.progress];
      expect(now).toBeGreaterThan(before);
      if (progressMeta(received[i]!).heartbeat) expect(now).toBeLessThan(Math.floor(before) + 1);
    }
    const times = [started, ...received.map((p) => p.at), ended];
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(15_000);
    expect(ended - started).toBeGreaterThanOrEqual(70_000);
  });

  it('sends no progress when the client did not ask for it', async () => {
    const { client } = await h.connect(era);
    const result = await client.callTool({ name: 'generate_3d_model', arguments: { prompt: 'a teapot' } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { status: string }).status).toBe('success');
  });
});

describe('heartbeat interval', () => {
  const h = useMcpHarness({ heartbeatMs: 5_000 });

  /** A task that stays queued: only heartbeats keep the call's progress alive. */
  async function startStuckTask(client: Client): Promise<string> {
    const started = await client.callTool({
      name: 'create_3d_model_from_text',
      arguments: { prompt: 'a stuck kite' },
    });
    return (started.structuredContent as { task_id: string }).task_id;
  }

  async function waitWithProgress(client: Client, args: Record<string, unknown>) {
    const received: Timed[] = [];
    const result = await client.callTool(
      { name: 'wait_for_task', arguments: args },
      {
        onprogress: (p) => received.push({ ...(p as ReceivedProgress), at: h.clock.now() }),
        resetTimeoutOnProgress: true,
      },
    );
    return { result, received };
  }

  it('follows the heartbeatMs option', async () => {
    const { client } = await h.connect('legacy');
    const { received } = await waitWithProgress(client, { task_id: await startStuckTask(client) });
    const beats = received.filter((p) => progressMeta(p).heartbeat === true);
    expect(beats.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < received.length; i++)
      expect(received[i]!.at - received[i - 1]!.at).toBeLessThanOrEqual(5_000);
  });

  it('raises the progress with every heartbeat of a half-hour wait, staying below the next whole percent', async () => {
    const { client } = await h.connect('legacy');
    const { result, received } = await waitWithProgress(client, {
      task_id: await startStuckTask(client),
      timeout_seconds: 1800,
    });
    expect((result.structuredContent as { status: string }).status).toBe('queued');
    expect(received.length).toBeGreaterThan(300);
    for (let i = 1; i < received.length; i++) {
      expect(received[i]!.progress).toBeGreaterThan(received[i - 1]!.progress);
      expect(received[i]!.at - received[i - 1]!.at).toBeLessThanOrEqual(5_000);
    }
    expect(progressMeta(received.at(-1)!).progress).toBe(0);
    expect(received.at(-1)!.progress).toBeLessThan(1);
  });
});
