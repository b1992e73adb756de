import { describe, expect, it } from 'vitest';
import { TripoError } from '../src/index.js';

describe('TripoError.with', () => {
  it('keeps code, message and details, replaces what it is given, and keeps the original as cause', () => {
    const original = new TripoError('server', 'Tripo failed.', {
      apiCode: 1001,
      httpStatus: 500,
      suggestion: 'Retry later.',
      traceId: 'trace-1',
      retryable: true,
      field: 'prompt',
    });
    const copy = original.with({ taskId: 'task-9', suggestion: 'Wait for task-9 first.' });
    expect(copy).toBeInstanceOf(TripoError);
    expect(copy).not.toBe(original);
    expect(copy.toJSON()).toEqual({
      ...original.toJSON(),
      taskId: 'task-9',
      suggestion: 'Wait for task-9 first.',
    });
    expect(copy.cause).toBe(original);
    expect(original.taskId).toBeUndefined();
  });
});
