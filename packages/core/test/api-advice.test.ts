import { type HostileApi, startHostileApi } from '@tripokit/testing/hostile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TripoClient, TripoError } from '../src/index.js';

const KEY = 'tsk_api_advice_key_31d8f0b2';
let api: HostileApi;
let client: TripoClient;
beforeEach(async () => {
  api = await startHostileApi();
  client = new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {}, webSocket: false, maxRetries: 0 });
});
afterEach(() => api.close());

async function readError(body: unknown, status: number): Promise<TripoError> {
  api.readTask = () => ({ kind: 'status', status, body });
  const error = await client.getTask('task-1').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TripoError);
  return error as TripoError;
}

describe("our advice is never replaced by Tripo's generic suggestion", () => {
  it('not enough credits: our advice and the tool to check, not "See the docs."', async () => {
    api.createFault = () => 'refuse-403-2010';
    const error = await client
      .createTask({ type: 'text_to_model', prompt: 'a fox' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'insufficient_credits', apiCode: 2010 });
    const suggestion = (error as TripoError).suggestion ?? '';
    expect(suggestion).toMatch(/Top up credits/);
    expect(suggestion).toMatch(/get_balance/);
    expect(suggestion).not.toMatch(/docs/i);
  });

  it('task not found: our advice and the tool that lists known ids', async () => {
    const error = await readError(
      { code: 2001, message: 'Task not found', suggestion: 'See the docs.' },
      404,
    );
    expect(error).toMatchObject({ code: 'not_found', apiCode: 2001 });
    expect(error.suggestion).toMatch(/^Check the task id/);
    expect(error.suggestion).toMatch(/list_recent_tasks/);
    expect(error.suggestion).not.toMatch(/docs/i);
  });

  it("Tripo's suggestion is added after ours when it says something else, and only once", async () => {
    const specific = 'Your plan allows 5 concurrent P1 tasks.';
    const error = await readError({ code: 2010, message: 'Not enough credit', suggestion: specific }, 403);
    expect(error.suggestion).toMatch(/^Top up credits/);
    expect(error.suggestion?.endsWith(`Tripo adds: ${specific}`)).toBe(true);
    const repeated = await readError(
      { code: 2010, message: 'Not enough credit', suggestion: 'top up credits in the Tripo console' },
      403,
    );
    expect(repeated.suggestion).not.toMatch(/Tripo adds/);
  });

  it("Tripo's suggestion is used when we have no advice of our own for the cause", async () => {
    const error = await readError(
      { code: 1004, message: 'Bad parameter', suggestion: 'Check face_limit.' },
      400,
    );
    expect(error).toMatchObject({ code: 'invalid_request', suggestion: 'Check face_limit.' });
  });
});
