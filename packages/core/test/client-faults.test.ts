import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TripoError } from '../src/index.js';
import { CREATE_PATH, KEY, QUERY_PATH, simulate, useMswServer, VERSIONS } from './client-sim-helpers.js';

const server = useMswServer();
const FOX = { type: 'text_to_model', prompt: 'a small red fox', model_version: 'v2.5-20250123' } as const;

async function caught(promise: Promise<unknown>): Promise<TripoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TripoError);
  return error as TripoError;
}

function expectNoKey(error: TripoError): void {
  for (const text of [
    error.message,
    error.suggestion ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 6 }),
  ]) {
    expect(text).not.toContain(KEY);
  }
}

describe.each(VERSIONS)('faults (%s)', (version) => {
  it('429 with Retry-After on create: waits, retries, exactly one task', async () => {
    const { sim, clock, client, count } = simulate(server, version);
    sim.fault({ kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
    const start = clock.now();
    const { taskId } = await client.createTask(FOX);
    expect(clock.now() - start).toBeGreaterThanOrEqual(7000);
    expect(sim.tasks.map((t) => t.taskId)).toEqual([taskId]);
    expect(count(CREATE_PATH, 'POST')).toBe(2);
  });

  it('429 that persists: rate_limited after the retries, nothing created', async () => {
    const { sim, client, count } = simulate(server, version);
    sim.fault({ kind: 'rate-limit', code: 1007, retryAfterSeconds: 1, times: Infinity });
    const error = await caught(client.createTask(FOX));
    expect(error).toMatchObject({ code: 'rate_limited', apiCode: 1007, httpStatus: 429, retryable: true });
    expect(count(CREATE_PATH)).toBe(3);
    expect(sim.tasks).toHaveLength(0);
  });

  it('a reset after the task was created: outcome_unknown, never a second create', async () => {
    const { sim, client, count } = simulate(server, version);
    sim.fault({ kind: 'reset-after-create' });
    const error = await caught(client.createTask(FOX));
    expect(error.code).toBe('outcome_unknown');
    expect(error.retryable).toBe(false);
    expect(error.suggestion).toMatch(/list_recent_tasks/);
    expect(error.suggestion).toMatch(/getBalance/);
    expect(count(CREATE_PATH)).toBe(1);
    expect(sim.tasks).toHaveLength(1);
    expectNoKey(error);
  });

  it.each([500, 502])('HTTP %i on create: outcome_unknown, not re-sent', async (status) => {
    const { sim, client, count } = simulate(server, version);
    sim.fault({ kind: 'server-error', status: status as 500 | 502, on: 'create' });
    const error = await caught(client.createTask(FOX));
    expect(error).toMatchObject({ code: 'outcome_unknown', httpStatus: status, retryable: false });
    expect(error.traceId).toMatch(/[0-9a-f-]{36}/);
    expect(count(CREATE_PATH)).toBe(1);
  });

  it('HTTP 503 on create proves nothing (it may come after the server acted): outcome_unknown, not re-sent', async () => {
    const { sim, client, count } = simulate(server, version);
    sim.fault({ kind: 'server-error', status: 503, on: 'create' });
    const error = await caught(client.createTask(FOX));
    expect(error).toMatchObject({ code: 'outcome_unknown', httpStatus: 503, retryable: false });
    expect(count(CREATE_PATH)).toBe(1);
  });

  it('a dropped connection on create is not re-sent', async () => {
    const { sim, client, count } = simulate(server, version);
    sim.fault({ kind: 'reset', on: 'create' });
    const error = await caught(client.createTask(FOX));
    expect(error.code).toBe('outcome_unknown');
    expect(count(CREATE_PATH)).toBe(1);
  });

  it.each([502, 503, 500])('HTTP %i on a task query is retried', async (status) => {
    const { sim, client, count } = simulate(server, version);
    const { taskId } = await client.createTask(FOX);
    sim.fault({ kind: 'server-error', status: status as 500 | 502 | 503, on: 'query', times: 2 });
    const task = await client.getTask(taskId);
    expect(task.taskId).toBe(taskId);
    expect(count(QUERY_PATH)).toBe(3);
  });

  it('a query failing every time gives up after maxRetries with a retryable server error', async () => {
    const { sim, client, count } = simulate(server, version);
    const { taskId } = await client.createTask(FOX);
    sim.fault({ kind: 'server-error', status: 502, on: 'query', times: Infinity });
    const error = await caught(client.getTask(taskId));
    expect(error).toMatchObject({ code: 'server', httpStatus: 502, retryable: true, taskId });
    expect(count(QUERY_PATH)).toBe(3);
  });

  it('malformed JSON: a query retries; a create becomes outcome_unknown', async () => {
    const { sim, client, count } = simulate(server, version);
    const { taskId } = await client.createTask(FOX);
    sim.fault({ kind: 'malformed-json', on: 'query' });
    expect((await client.getTask(taskId)).taskId).toBe(taskId);
    sim.fault({ kind: 'malformed-json', on: 'create' });
    const error = await caught(client.createTask(FOX));
    expect(error.code).toBe('outcome_unknown');
    expect(error.message).toMatch(/not valid JSON/);
    expect(count(CREATE_PATH)).toBe(2);
  });

  it('an HTML error page is a clear server error, not a parse crash', async () => {
    const { sim, client } = simulate(server, version);
    sim.fault({ kind: 'html-error', status: 502, on: 'balance', times: Infinity });
    const error = await caught(client.getBalance());
    expect(error).toMatchObject({ code: 'server', httpStatus: 502 });
    expect(error.message).toMatch(/HTML page/);
    expect(error.message).not.toMatch(/Unexpected token/);
  });

  it('a slow answer times out on the client clock: queries retry, creates become outcome_unknown', async () => {
    const { sim, clock, client, count } = simulate(server, version, { client: { timeoutMs: 5000 } });
    const { taskId } = await client.createTask(FOX);
    sim.fault({ kind: 'slow', delayMs: 60_000, on: 'query' });
    expect((await client.getTask(taskId)).taskId).toBe(taskId);
    expect(count(QUERY_PATH)).toBe(2);

    sim.fault({ kind: 'slow', delayMs: 60_000, on: 'query', times: Infinity });
    const start = clock.now();
    const timeout = await caught(client.getTask(taskId));
    expect(timeout).toMatchObject({ code: 'timeout', retryable: true, taskId });
    expect(clock.now() - start).toBeLessThan(60_000);

    sim.fault({ kind: 'slow', delayMs: 60_000, on: 'create' });
    const unknown = await caught(client.createTask(FOX));
    expect(unknown.code).toBe('outcome_unknown');
    expect(unknown.message).toMatch(/5 s/);
  });

  it('a wrong key: auth error that suggests checking key and region, without echoing any key', async () => {
    const wrong = 'tsk_wrong_key_for_this_region';
    const { client } = simulate(server, version, { client: { apiKey: wrong } });
    const error = await caught(client.getBalance());
    expect(error).toMatchObject({ code: 'auth', httpStatus: 401, retryable: false });
    expect(error.suggestion).toMatch(/region/);
    expect(error.suggestion).toMatch(/TRIPO_API_KEY/);
    for (const text of [error.message, error.suggestion ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain(wrong);
    }
  });

  it('API errors are typed: credits, content policy, not found', async () => {
    const { sim, client } = simulate(server, version);
    const missing = await caught(client.getTask('00000000-0000-4000-8000-000000000000'));
    expect(missing).toMatchObject({ code: 'not_found', apiCode: 2001, httpStatus: 404 });
    const policy = await caught(client.createTask({ ...FOX, prompt: 'an offensive statue' }));
    expect(policy).toMatchObject({ code: 'content_policy', apiCode: 2008 });
    sim.setBalance(0);
    const credits = await caught(client.createTask(FOX));
    expect(credits).toMatchObject({ code: 'insufficient_credits', apiCode: 2010, httpStatus: 403 });
    expect(sim.tasks).toHaveLength(0);
    for (const error of [missing, policy, credits]) expectNoKey(error);
  });

  it('the key appears in no error of any kind', async () => {
    const { sim, client } = simulate(server, version, { client: { timeoutMs: 1000, maxRetries: 0 } });
    const errors: TripoError[] = [];
    const faults = [
      { kind: 'reset-after-create' },
      { kind: 'server-error', status: 500, on: 'create' },
      { kind: 'malformed-json', on: 'create' },
      { kind: 'html-error', on: 'create' },
      { kind: 'slow', delayMs: 5000, on: 'create' },
      { kind: 'rate-limit' },
      { kind: 'reset', on: 'create' },
    ] as const;
    for (const fault of faults) {
      sim.fault(fault);
      errors.push(await caught(client.createTask(FOX)));
    }
    errors.push(
      await caught(client.createTask({ type: 'text_to_model', prompt: `${KEY.replace(/_/g, ' ')} 🦊` })),
    );
    expect(errors.map((e) => e.code)).toEqual([
      'outcome_unknown',
      'outcome_unknown',
      'outcome_unknown',
      'outcome_unknown',
      'outcome_unknown',
      'rate_limited',
      'outcome_unknown',
      'invalid_request',
    ]);
    for (const error of errors) expectNoKey(error);
  });
});
