/**
 * A minimal in-process Tripo v3 task API for the memory benchmark: `GET /tasks/{id}` and `POST /tasks/list`,
 * answering from a plan per task on a clock, in the simulator's wire shape, and keeping nothing per request
 * (the simulator logs every request, which would weigh on the side that sends more). Tasks are `task-0`…
 * `task-{n-1}`, created at `t0`, queued then running with rising progress and a `running_left_time`, then
 * successful.
 */

const JSON_HEADERS = { 'content-type': 'application/json' };

function snapshot(i, plan, t0, now) {
  const elapsed = now - t0;
  const base = {
    task_id: `task-${i}`,
    type: 'text_to_model',
    input: {},
    created_at: new Date(t0).toISOString(),
  };
  const end = plan.queuedMs + plan.runningMs;
  if (elapsed >= end) {
    return {
      ...base,
      status: 'success',
      progress: 100,
      output: { model_url: `https://files.tripo.test/task-${i}/model.glb` },
      completed_at: new Date(t0 + end).toISOString(),
      running_left_time: -1,
      queuing_num: -1,
    };
  }
  const secondsLeft = Math.max(1, Math.ceil((end - elapsed) / 1000));
  if (elapsed < plan.queuedMs) {
    return {
      ...base,
      status: 'queued',
      progress: 0,
      output: {},
      running_left_time: secondsLeft,
      queuing_num: 1,
    };
  }
  const progress = Math.min(99, Math.max(1, Math.floor(((elapsed - plan.queuedMs) / plan.runningMs) * 100)));
  return {
    ...base,
    status: 'running',
    progress,
    output: {},
    running_left_time: secondsLeft,
    queuing_num: -1,
  };
}

/**
 * A `fetch` answering for `plans` on `clock`, and what it counted: requests, task snapshots read, the most
 * requests that started within any 1 s of virtual time; `onRequest` is called on every request (the memory
 * sampler). Only the last second's start times are kept, so the counting weighs the same for every mode.
 */
export function fakeTaskApi({ clock, plans, t0, onRequest = () => {} }) {
  const stats = { requests: 0, taskReads: 0, peakPerSecond: 0 };
  const lastSecond = [];
  const answer = (data) =>
    new Response(JSON.stringify({ code: 0, status: 'success', data }), { headers: JSON_HEADERS });
  const fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    stats.requests += 1;
    const now = clock.now();
    lastSecond.push(now);
    while (lastSecond.length > 0 && lastSecond[0] <= now - 1000) lastSecond.shift();
    stats.peakPerSecond = Math.max(stats.peakPerSecond, lastSecond.length);
    onRequest();
    if (url.pathname.endsWith('/tasks/list')) {
      const ids = JSON.parse(String(init?.body)).task_ids;
      stats.taskReads += ids.length;
      return answer({
        tasks: ids.map((id) => {
          const i = Number(id.slice('task-'.length));
          return snapshot(i, plans[i], t0, clock.now());
        }),
      });
    }
    const match = /\/tasks\/task-(\d+)$/.exec(url.pathname);
    if (!match)
      return new Response('{"code":4001,"message":"no route"}', { status: 404, headers: JSON_HEADERS });
    stats.taskReads += 1;
    const i = Number(match[1]);
    return answer(snapshot(i, plans[i], t0, clock.now()));
  };
  return { fetch, stats };
}
