import type { ServerContext } from '@modelcontextprotocol/server';
import type { Clock, ToolCallResult, ToolProgressEvent } from '@tripokit/core';
import type { InFlightCalls } from './in-flight.js';
import type { Logger } from './log.js';
import { ProgressRelay } from './progress.js';

/** What every call of one server instance shares for its request's lifecycle. */
export interface CallScopeOptions {
  /** Times the progress heartbeat. */
  clock: Clock;
  heartbeatMs: number;
  logger: Logger;
  /** Calls in flight in this process (HTTP), so a cancellation arriving on another request finds its call. */
  inFlight?: InFlightCalls;
}

/** One `tools/call` request as the call sees it: its own signal, where its progress goes, and the end of it. */
export interface CallScope {
  readonly signal: AbortSignal;
  progress(event: ToolProgressEvent): void;
  /**
   * Sends what progress is left (100 only when the call succeeded), lets go of the request and logs a failure;
   * `undefined` when the call never got to a result.
   */
  close(result: ToolCallResult | undefined): Promise<void>;
}

/**
 * Opens the scope of one call of `tool`. The call gets its own signal, aborted by the request's or by a
 * cancellation that names it on another request: a per-request server instance closing after its response must
 * not reach into a call that has already finished (stateless HTTP), so the listener is removed on the way out.
 * Progress goes to the request's progress token, if it has one, with heartbeats.
 */
export function openCallScope(tool: string, ctx: ServerContext, options: CallScopeOptions): CallScope {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  const relay =
    progressToken === undefined
      ? undefined
      : new ProgressRelay({
          send: (params) =>
            ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...params } }),
          ...options,
        });
  const abort = new AbortController();
  const requestSignal = ctx.mcpReq.signal;
  const forwardAbort = (): void => abort.abort(requestSignal.reason);
  if (requestSignal.aborted) forwardAbort();
  else requestSignal.addEventListener('abort', forwardAbort, { once: true });
  const unregister = options.inFlight?.register(ctx.mcpReq.id, abort);
  relay?.start();
  return {
    signal: abort.signal,
    progress: (event) => relay?.push(event),
    async close(result) {
      try {
        await relay?.close({ succeeded: result?.isError === false });
      } finally {
        unregister?.();
        requestSignal.removeEventListener('abort', forwardAbort);
      }
      if (!result?.isError) return;
      // Core's message of a cancelled call already says whether a task goes on and how to pick it up.
      const what = abort.signal.aborted ? 'cancelled by the client' : `failed (${result.error.code})`;
      options.logger.info(`${tool} ${what}: ${result.error.message}`);
    },
  };
}
