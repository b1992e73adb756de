import { describe, expect, it } from 'vitest';
import {
  describeProgress,
  type FailureCause,
  interpretTask,
  type Task,
  type TaskStatus,
} from '../src/index.js';
import { FAILURE_CAUSES } from '../src/status/causes.js';
import { UNKNOWN_STATUS_GRACE_MS } from '../src/status/interpret.js';
import { MAX_POLL_DELAY_MS, MIN_POLL_DELAY_MS, pollDelayMs } from '../src/status/poll-delay.js';

function task(overrides: Partial<Task> = {}): Task {
  return {
    taskId: 'task-1234',
    type: 'text_to_model',
    status: 'running',
    rawStatus: overrides.status ?? 'running',
    progress: 40,
    output: {},
    ...overrides,
  };
}

describe('interpretTask: failures by status and error code', () => {
  const cases: Array<{
    status: TaskStatus;
    errorCode?: number;
    outcome: TaskStatus;
    cause: FailureCause;
    retryable: boolean;
    advice: RegExp;
  }> = [
    {
      status: 'banned',
      outcome: 'banned',
      cause: 'content_policy',
      retryable: false,
      advice: /change the prompt or image/i,
    },
    {
      status: 'banned',
      errorCode: 2008,
      outcome: 'banned',
      cause: 'content_policy',
      retryable: false,
      advice: /unchanged/i,
    },
    // v3 reports a ban as failed + 2008: same words as a v2 ban.
    {
      status: 'failed',
      errorCode: 2008,
      outcome: 'banned',
      cause: 'content_policy',
      retryable: false,
      advice: /change the prompt/i,
    },
    {
      status: 'failed',
      errorCode: 2010,
      outcome: 'failed',
      cause: 'insufficient_credits',
      retryable: false,
      advice: /check the balance and top up/i,
    },
    {
      status: 'failed',
      errorCode: 1000,
      outcome: 'failed',
      cause: 'server_error',
      retryable: true,
      advice: /try again in a few minutes.*task-1234/i,
    },
    {
      status: 'failed',
      errorCode: 1001,
      outcome: 'failed',
      cause: 'server_error',
      retryable: true,
      advice: /support quoting task id task-1234/i,
    },
    {
      status: 'failed',
      errorCode: 2014,
      outcome: 'failed',
      cause: 'server_error',
      retryable: true,
      advice: /try again/i,
    },
    {
      status: 'failed',
      errorCode: 1004,
      outcome: 'failed',
      cause: 'invalid_parameter',
      retryable: false,
      advice: /fix the parameters/i,
    },
    {
      status: 'failed',
      errorCode: 1003,
      outcome: 'failed',
      cause: 'invalid_parameter',
      retryable: false,
      advice: /fix the request/i,
    },
    {
      status: 'failed',
      errorCode: 2002,
      outcome: 'failed',
      cause: 'invalid_parameter',
      retryable: false,
      advice: /supported task type/i,
    },
    {
      status: 'failed',
      errorCode: 2009,
      outcome: 'failed',
      cause: 'invalid_parameter',
      retryable: false,
      advice: /emoji/i,
    },
    {
      status: 'failed',
      errorCode: 2015,
      outcome: 'failed',
      cause: 'invalid_parameter',
      retryable: false,
      advice: /current model version/i,
    },
    {
      status: 'failed',
      errorCode: 2017,
      outcome: 'failed',
      cause: 'invalid_parameter',
      retryable: false,
      advice: /valid model version/i,
    },
    {
      status: 'failed',
      errorCode: 2018,
      outcome: 'failed',
      cause: 'model_too_complex',
      retryable: false,
      advice: /simpler model/i,
    },
    // An API that reports the task as expired with 2018 (too complex, per the docs): retry once, then simplify.
    {
      status: 'expired',
      errorCode: 2018,
      outcome: 'expired',
      cause: 'model_too_complex',
      retryable: true,
      advice: /again once.*simpler model/i,
    },
    {
      status: 'failed',
      errorCode: 2005,
      outcome: 'failed',
      cause: 'source_task_unsuitable',
      retryable: false,
      advice: /draft task that succeeded/i,
    },
    {
      status: 'failed',
      errorCode: 2006,
      outcome: 'failed',
      cause: 'source_task_unsuitable',
      retryable: false,
      advice: /compatible type/i,
    },
    {
      status: 'failed',
      errorCode: 2007,
      outcome: 'failed',
      cause: 'source_task_unsuitable',
      retryable: false,
      advice: /wait for the source task/i,
    },
    {
      status: 'failed',
      errorCode: 2011,
      outcome: 'failed',
      cause: 'source_task_unsuitable',
      retryable: false,
      advice: /produced a model/i,
    },
    {
      status: 'failed',
      errorCode: 2012,
      outcome: 'failed',
      cause: 'source_task_unsuitable',
      retryable: false,
      advice: /rig the model first/i,
    },
    {
      status: 'failed',
      errorCode: 2003,
      outcome: 'failed',
      cause: 'input_file',
      retryable: false,
      advice: /non-empty image/i,
    },
    {
      status: 'failed',
      errorCode: 2004,
      outcome: 'failed',
      cause: 'input_file',
      retryable: false,
      advice: /webp, jpeg or png/i,
    },
    {
      status: 'failed',
      errorCode: 2019,
      outcome: 'failed',
      cause: 'input_file',
      retryable: false,
      advice: /upload the file again/i,
    },
    { status: 'expired', outcome: 'expired', cause: 'expired', retryable: true, advice: /again once/i },
    {
      status: 'cancelled',
      outcome: 'cancelled',
      cause: 'cancelled',
      retryable: true,
      advice: /create the task again/i,
    },
    { status: 'failed', outcome: 'failed', cause: 'unknown_failure', retryable: true, advice: /again once/i },
    {
      status: 'failed',
      errorCode: 9999,
      outcome: 'failed',
      cause: 'unknown_failure',
      retryable: true,
      advice: /task-1234/,
    },
  ];

  it.each(cases)(
    '$status + $errorCode → $cause',
    ({ status, errorCode, outcome, cause, retryable, advice }) => {
      const result = interpretTask(task({ status, rawStatus: status, errorCode, progress: 30 }));
      expect(result.outcome).toBe(outcome);
      expect(result.cause).toBe(cause);
      expect(result.terminal).toBe(true);
      expect(result.retryable).toBe(retryable);
      expect(result.nextStep).toMatch(advice);
      expect(result.pollAfterMs).toBeUndefined();
      if (errorCode !== undefined && cause !== 'content_policy')
        expect(result.message).toContain(String(errorCode));
    },
  );

  it('gives each failure cause its own advice', () => {
    const byCause = new Map<FailureCause, string>();
    for (const c of cases) {
      const result = interpretTask(task({ status: c.status, errorCode: c.errorCode }));
      byCause.set(result.cause as FailureCause, result.nextStep);
    }
    const adviceTexts = new Set(byCause.values());
    expect(adviceTexts.size).toBe(byCause.size);
    // Every cause except unknown_status (covered below) appears in the table.
    expect([...byCause.keys()].sort()).toEqual(FAILURE_CAUSES.filter((c) => c !== 'unknown_status').sort());
  });

  it('distinguishes the headline failures from one another', () => {
    const advice = [
      interpretTask(task({ status: 'banned' })),
      interpretTask(task({ status: 'failed', errorCode: 2010 })),
      interpretTask(task({ status: 'failed', errorCode: 1001 })),
      interpretTask(task({ status: 'expired' })),
      interpretTask(task({ status: 'cancelled' })),
      interpretTask(task({ status: 'failed', errorCode: 1004 })),
    ];
    expect(new Set(advice.map((a) => a.nextStep)).size).toBe(advice.length);
    expect(new Set(advice.map((a) => a.message)).size).toBe(advice.length);
  });

  it("quotes Tripo's own message for parameter errors, bounded and on one line", () => {
    const long = `face_limit out of range\n${'x'.repeat(500)}`;
    const result = interpretTask(task({ status: 'failed', errorCode: 1004, errorMessage: long }));
    expect(result.message).toContain('face_limit out of range');
    expect(result.message).not.toContain('\n');
    expect(result.message.length).toBeLessThan(320);
  });

  it('keeps the progress a failed task reached', () => {
    expect(interpretTask(task({ status: 'failed', errorCode: 1001, progress: 70 })).progress).toBe(70);
  });
});

describe('interpretTask: tasks still going', () => {
  it('queued: position, no cause, a poll time', () => {
    const result = interpretTask(task({ status: 'queued', progress: 0, queuePosition: 3 }));
    expect(result).toMatchObject({ outcome: 'queued', terminal: false, progress: 0, retryable: false });
    expect(result.cause).toBeUndefined();
    expect(result.message).toContain('position 3');
    expect(result.nextStep).toMatch(/wait/i);
    expect(result.pollAfterMs).toBeGreaterThanOrEqual(MIN_POLL_DELAY_MS);
  });

  it('running: percentage, time left and what comes next', () => {
    const result = interpretTask(task({ status: 'running', progress: 45, etaSeconds: 30 }));
    expect(result).toMatchObject({ outcome: 'running', terminal: false, progress: 45, etaSeconds: 30 });
    expect(result.message).toBe('The task is running: 45% done, about 30 s left.');
    expect(result.nextStep).toMatch(/download the model/);
    // A third of the 30 s left.
    expect(result.pollAfterMs).toBe(10_000);
  });

  it('running image task: talks about the image', () => {
    const result = interpretTask(task({ type: 'text_to_image', status: 'running', progress: 10 }));
    expect(result.nextStep).toMatch(/download the image/);
  });

  it('ignores a finalised task’s -1 ETA', () => {
    expect(interpretTask(task({ status: 'running', etaSeconds: -1 })).etaSeconds).toBeUndefined();
  });
});

describe('interpretTask: success', () => {
  it('lists what is ready, PBR first', () => {
    const result = interpretTask(
      task({
        status: 'success',
        progress: 100,
        output: {
          pbrModel: 'https://f/p.glb',
          model: 'https://f/m.glb',
          baseModel: 'https://f/b.glb',
          renderedImage: 'https://f/r.webp',
        },
      }),
    );
    expect(result).toMatchObject({ outcome: 'success', terminal: true, progress: 100, retryable: false });
    expect(result.cause).toBeUndefined();
    expect(result.message).toBe('The task succeeded: PBR model, model, base model and preview image ready.');
    expect(result.nextStep).toMatch(/^Download the PBR model now/);
    expect(result.nextStep).toMatch(/expire/);
  });

  it('says when a generation has no PBR version', () => {
    const result = interpretTask(
      task({ status: 'success', progress: 100, output: { model: 'https://f/m.glb' } }),
    );
    expect(result.message).toContain('model (no PBR version)');
    expect(result.nextStep).toMatch(/^Download the model now/);
  });

  it('does not mention PBR for tasks that never make one', () => {
    const result = interpretTask(
      task({ type: 'convert_model', status: 'success', progress: 100, output: { model: 'https://f/m.fbx' } }),
    );
    expect(result.message).not.toMatch(/PBR/);
  });

  it('image and multiview tasks', () => {
    expect(
      interpretTask(
        task({ type: 'text_to_image', status: 'success', output: { generatedImage: 'https://f/i.png' } }),
      ).nextStep,
    ).toMatch(/^Download the image/);
    const views = interpretTask(
      task({
        type: 'generate_multiview_image',
        status: 'success',
        output: { multiviewImages: { front: 'a', left: 'b', back: 'c', right: 'd' } },
      }),
    );
    expect(views.message).toContain('4 views');
    expect(views.nextStep).toMatch(/^Download the views/);
  });

  it('pre-rig check: riggable or not', () => {
    const yes = interpretTask(
      task({ type: 'animate_prerigcheck', status: 'success', output: { riggable: true, rigType: 'biped' } }),
    );
    expect(yes.message).toContain('can be rigged as biped');
    expect(yes.nextStep).toBe('Rig the model with rig type biped.');
    const no = interpretTask(
      task({ type: 'animate_prerigcheck', status: 'success', output: { riggable: false } }),
    );
    expect(no.message).toContain('may not rig well');
  });

  it('success without files says to look again', () => {
    expect(interpretTask(task({ status: 'success', output: {} })).nextStep).toMatch(/query the task again/i);
  });
});

describe('interpretTask: unknown status', () => {
  const unknown = task({ status: 'unknown', rawStatus: 'reticulating', progress: 50 });

  it('stays non-terminal while young, naming the raw status', () => {
    for (const elapsedMs of [undefined, 0, UNKNOWN_STATUS_GRACE_MS - 1]) {
      const result = interpretTask(unknown, { elapsedMs });
      expect(result).toMatchObject({
        outcome: 'unknown',
        terminal: false,
        cause: 'unknown_status',
        retryable: false,
      });
      expect(result.message).toContain('reticulating');
      expect(result.pollAfterMs).toBeGreaterThan(0);
    }
  });

  it('becomes terminal with advice after the grace period', () => {
    const result = interpretTask(unknown, { elapsedMs: UNKNOWN_STATUS_GRACE_MS });
    expect(result).toMatchObject({ outcome: 'unknown', terminal: true, cause: 'unknown_status' });
    expect(result.message).toContain('5 min');
    expect(result.nextStep).toMatch(/check the task again later/i);
    expect(result.nextStep).toContain('task-1234');
    expect(result.pollAfterMs).toBeUndefined();
  });

  it('honours a custom grace period', () => {
    expect(interpretTask(unknown, { elapsedMs: 2_000, unknownGraceMs: 1_000 }).terminal).toBe(true);
  });
});

describe('describeProgress', () => {
  it.each([
    [task({ status: 'queued', progress: 0, queuePosition: 3 }), 'Queued (position 3)'],
    [task({ status: 'queued', progress: 0 }), 'Queued'],
    [task({ status: 'running', progress: 45, etaSeconds: 30 }), 'Running: 45%, about 30 s left'],
    [task({ status: 'running', progress: 45.6, etaSeconds: 150 }), 'Running: 46%, about 3 min left'],
    [task({ status: 'running', progress: 12 }), 'Running: 12%'],
    [task({ status: 'success', progress: 100 }), 'Succeeded'],
    [task({ status: 'failed', errorCode: 2010 }), 'Failed (code 2010)'],
    [task({ status: 'banned' }), 'Rejected by content policy'],
    [task({ status: 'unknown', rawStatus: 'weird' }), 'Status unknown ("weird")'],
  ])('%#: %s', (t, expected) => {
    expect(describeProgress(t)).toBe(expected);
  });
});

describe('pollDelayMs', () => {
  it('follows the ETA within bounds', () => {
    expect(pollDelayMs(task({ etaSeconds: 30 }))).toBe(10_000);
    expect(pollDelayMs(task({ etaSeconds: 1 }))).toBe(MIN_POLL_DELAY_MS);
    expect(pollDelayMs(task({ etaSeconds: 3_600 }))).toBe(MAX_POLL_DELAY_MS);
  });

  it('estimates from the progress rate when there is no ETA', () => {
    // 60% left at 2%/s = 30 s → a third.
    expect(pollDelayMs(task({ progress: 40 }), { progressPerSecond: 2 })).toBe(10_000);
  });

  it('stretches while nothing changes', () => {
    const first = pollDelayMs(task({ progress: 40 }));
    const later = pollDelayMs(task({ progress: 40 }), { unchangedPolls: 3 });
    expect(later).toBeGreaterThan(first);
    expect(pollDelayMs(task({ progress: 40 }), { unchangedPolls: 50 })).toBe(MAX_POLL_DELAY_MS);
  });
});
