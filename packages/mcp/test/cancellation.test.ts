import { describe, expect, it } from 'vitest';
import { callWithProgress, type Era, KEY, type ReceivedProgress, useMcpHarness } from './harness.js';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.each<Era>(['legacy', 'modern'])('cancellation over the %s era', (era) => {
  const h = useMcpHarness();

  it('stops waiting when the client cancels; the task goes on and wait_for_task picks it up', async () => {
    const { client } = await h.connect(era);
    const abort = new AbortController();
    let taskId: string | undefined;
    const call = client.callTool(
      // "stuck" keeps it queued, so the call is still waiting when the client gives up.
      { name: 'generate_3d_model', arguments: { prompt: 'a stuck windmill' } },
      {
        signal: abort.signal,
        onprogress: (p) => {
          const meta = (p as ReceivedProgress)._meta?.['tripokit/progress'] as {
            taskId?: string;
            heartbeat?: true;
          };
          taskId ??= meta.taskId;
          // Give up at the first "still waiting": by then the server has polled a few times.
          if (meta.heartbeat) abort.abort();
        },
      },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect(taskId).toEqual(expect.any(String));

    await until(
      () => h.logs.some((line) => line.includes('cancelled')),
      'the server to log the cancellation',
    );
    const line = h.logs.find((l) => l.includes('cancelled'))!;
    expect(line).toContain(`Task ${taskId} goes on at Tripo; call wait_for_task with task_id ${taskId}`);
    expect(h.logs.join('\n')).not.toContain(KEY);

    // The wait has stopped: time passes and nobody polls the task any more, alone or in a batch query (the
    // only task here, so every batch holds it).
    const polls = () =>
      h.sim.requests.filter(
        (r) => (r.method === 'GET' && r.path.includes(taskId!)) || r.path.endsWith('/tasks/list'),
      ).length;
    const before = polls();
    expect(before).toBeGreaterThan(0);
    h.clock.advance(120_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls()).toBe(before);
    expect(h.sim.task(taskId!)?.status).toBe('queued');

    h.sim.script({ taskId: taskId! }, { status: 'success' });
    const { result } = await callWithProgress(client, 'wait_for_task', { task_id: taskId! });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { status: string }).status).toBe('success');
  });

  it('leaves no heartbeat behind once a call has answered', async () => {
    const { client } = await h.connect(era);
    const progress: ReceivedProgress[] = [];
    const result = await client.callTool(
      { name: 'generate_3d_model', arguments: { prompt: 'a paper lantern' } },
      { onprogress: (p) => progress.push(p as ReceivedProgress) },
    );
    expect(result.isError).toBeFalsy();
    const count = progress.length;
    expect(h.clock.pendingSleepers).toBe(0);
    h.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(progress.length).toBe(count);
  });
});
