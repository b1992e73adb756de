import { randomUUID } from 'node:crypto';
import { ApiError, invalidParam } from '../errors.js';
import { isTaskType } from '../task-types.js';
import type { DialectAdapter, MatchedRoute, TaskView } from './dialect.js';
import { multiviewViews, sharedOutput } from './shared-output.js';

const TASK_PATH = /^\/task\/([^/]+)$/;
const WATCH_PATH = /^\/task\/watch\/([^/]+)$/;

function match(method: string, path: string): MatchedRoute | undefined {
  if (method === 'POST' && path === '/task') return { op: 'create', kind: 'create' };
  if (method === 'POST' && path === '/task/batch') return { op: 'list', kind: 'list' };
  if (method === 'POST' && (path === '/upload' || path === '/upload/sts'))
    return { op: 'upload', kind: 'upload' };
  if (method === 'POST' && path === '/upload/sts/token') return { op: 'sts-token', kind: 'upload' };
  if (method === 'GET' && path === '/user/balance') return { op: 'balance', kind: 'balance' };
  const watch = WATCH_PATH.exec(path);
  if (method === 'GET' && watch) return { op: 'watch', kind: 'query', taskId: decodeURIComponent(watch[1]!) };
  const task = TASK_PATH.exec(path);
  if (method === 'GET' && task) return { op: 'query', kind: 'query', taskId: decodeURIComponent(task[1]!) };
  return undefined;
}

/** The v2 output object (§5): `model`, `base_model`, `pbr_model`, images, then the shared fields. */
function output(view: TaskView): Record<string, unknown> {
  const l = view.links;
  const out: Record<string, unknown> = {};
  for (const slot of ['model', 'base_model', 'pbr_model', 'rendered_image', 'generated_image'] as const) {
    if (l[slot]) out[slot] = l[slot];
  }
  const views = multiviewViews(view);
  if (views) out.generate_multiview_image = views;
  return { ...out, ...sharedOutput(view) };
}

/** The v2 dialect: `/v2/openapi`, `{code, data}` envelopes, `type` in the body, §5 task fields. */
export const v2Dialect: DialectAdapter = {
  name: 'v2',
  prefix: '/v2/openapi',
  authCode: 1002,
  tooLargeUploadCode: 1004,
  match,
  toCreate(_route, body) {
    const type = body.type;
    if (type === undefined) throw invalidParam('type', 'is required');
    if (type === 'animate_model')
      throw new ApiError(2016, '`animate_model` is deprecated; use animate_rig then animate_retarget.');
    if (!isTaskType(type)) throw new ApiError(2002, `Unknown task type \`${String(type)}\`.`);
    const { type: _type, ...params } = body;
    return { type, params };
  },
  success: (data) => ({ code: 0, data }),
  error: (err) => ({ code: err.code, message: err.message, suggestion: err.suggestion }),
  task(view) {
    const s = view.state;
    return {
      task_id: view.taskId,
      type: view.type,
      status: s.status,
      input: view.params,
      output: output(view),
      progress: s.progress,
      create_time: Math.floor(view.createdAt / 1000),
      running_left_time: s.secondsLeft ?? -1,
      queuing_num: s.queuePosition ?? -1,
      consumed_credit: view.creditsConsumed,
      ...(s.errorCode !== undefined && s.status !== 'expired'
        ? { error_code: s.errorCode, error_msg: s.errorMessage ?? '' }
        : {}),
    };
  },
  uploaded: (token) => ({ image_token: token }),
  list: (tasks, missed) => ({ tasks: Object.fromEntries(tasks.map((t) => [t.task_id, t])), missed }),
  newUploadToken: () => randomUUID(),
  newTaskId: () => randomUUID(),
};
