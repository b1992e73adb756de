/** Why a task did not end in success, as one stable word adapters and agents can branch on. */
export type FailureCause =
  | 'content_policy'
  | 'insufficient_credits'
  | 'server_error'
  | 'invalid_parameter'
  | 'model_too_complex'
  | 'source_task_unsuitable'
  | 'input_file'
  | 'expired'
  | 'cancelled'
  | 'unknown_status'
  | 'unknown_failure';

/** Every {@link FailureCause}, for schemas (`z.enum(FAILURE_CAUSES)`) and exhaustive tests. */
export const FAILURE_CAUSES = [
  'content_policy',
  'insufficient_credits',
  'server_error',
  'invalid_parameter',
  'model_too_complex',
  'source_task_unsuitable',
  'input_file',
  'expired',
  'cancelled',
  'unknown_status',
  'unknown_failure',
] as const satisfies readonly FailureCause[];

/** What one Tripo error code means for a task that ended with it. */
interface CodeAdvice {
  cause: FailureCause;
  /** What went wrong, in a few words (completes "The task failed: …"). */
  what: string;
  /** What to do, as an imperative sentence. */
  fix: string;
}

const RETRY_LATER = 'Try again in a few minutes';

/** Task error codes (tripo-api.md §10, plus the v3 size limits), each with its own cause and fix. */
const CODE_ADVICE: Readonly<Record<number, CodeAdvice>> = {
  1000: { cause: 'server_error', what: 'an unknown error on Tripo’s side', fix: RETRY_LATER },
  1001: { cause: 'server_error', what: 'a fatal error on Tripo’s side', fix: RETRY_LATER },
  2014: { cause: 'server_error', what: 'an error while Tripo was auditing the input', fix: RETRY_LATER },
  1003: {
    cause: 'invalid_parameter',
    what: 'the request body was malformed',
    fix: 'Fix the request and create the task again.',
  },
  1004: {
    cause: 'invalid_parameter',
    what: 'one or more parameters were invalid',
    fix: 'Fix the parameters named in the error and create the task again.',
  },
  2002: {
    cause: 'invalid_parameter',
    what: 'the task type is not supported',
    fix: 'Use a supported task type.',
  },
  2009: {
    cause: 'invalid_parameter',
    what: 'the prompt contains characters Tripo does not accept (such as emoji)',
    fix: 'Remove emoji and special characters from the prompt and create the task again.',
  },
  2013: { cause: 'invalid_parameter', what: 'the priority was invalid', fix: 'Leave the priority unset.' },
  2015: {
    cause: 'invalid_parameter',
    what: 'the model version is deprecated',
    fix: 'Create the task again with a current model version.',
  },
  2016: {
    cause: 'invalid_parameter',
    what: 'this task type is deprecated',
    fix: 'Use its replacement (for animation: rig the model, then retarget).',
  },
  2017: {
    cause: 'invalid_parameter',
    what: 'the model version is not valid',
    fix: 'Create the task again with a valid model version.',
  },
  2018: {
    cause: 'model_too_complex',
    what: 'the model is too complex to process',
    fix: 'Try a simpler model or a lower face limit.',
  },
  2005: {
    cause: 'source_task_unsuitable',
    what: 'the draft task did not succeed',
    fix: 'Use a draft task that succeeded.',
  },
  2006: {
    cause: 'source_task_unsuitable',
    what: 'the source task’s type cannot be used for this',
    fix: 'Use a source task of a compatible type (a model-producing task).',
  },
  2007: {
    cause: 'source_task_unsuitable',
    what: 'the source task has not succeeded',
    fix: 'Wait for the source task to succeed, or use one that did.',
  },
  2011: {
    cause: 'source_task_unsuitable',
    what: 'the source task has no model',
    fix: 'Use a source task that produced a model.',
  },
  2012: {
    cause: 'source_task_unsuitable',
    what: 'the source task is not a rig task',
    fix: 'Rig the model first and retarget from the successful rig task.',
  },
  2003: {
    cause: 'input_file',
    what: 'the input image was empty',
    fix: 'Upload a non-empty image and create the task again.',
  },
  2004: {
    cause: 'input_file',
    what: 'the input file type is not supported',
    fix: 'Use a WEBP, JPEG or PNG image (GLB, OBJ, FBX or STL for models).',
  },
  2019: {
    cause: 'input_file',
    what: 'the uploaded file was not found',
    fix: 'Upload the file again and use the new reference.',
  },
  2021: {
    cause: 'input_file',
    what: 'the input file is too large',
    fix: 'Use a smaller file (images up to 20 MB).',
  },
  2022: {
    cause: 'input_file',
    what: 'the input image resolution is out of range',
    fix: 'Use an image between 20×20 and 6000×6000 pixels.',
  },
  2008: {
    cause: 'content_policy',
    what: 'the input was rejected by Tripo’s content policy',
    fix: 'Change the prompt or image; the same input will be rejected again.',
  },
  2010: {
    cause: 'insufficient_credits',
    what: 'the account does not have enough credits',
    fix: 'Check the balance and top up before creating the task again; retrying now fails the same way.',
  },
};

/** The advice for a Tripo error code, or `undefined` for a code this table does not know. */
export function adviceForCode(code: number | undefined): CodeAdvice | undefined {
  return code === undefined ? undefined : CODE_ADVICE[code];
}
