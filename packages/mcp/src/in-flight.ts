/** A JSON-RPC request id. */
export type RequestId = string | number;

/** What a cancellation did: aborted the call, found none with that id, or found several and aborted none. */
export type CancelOutcome = 'cancelled' | 'unknown' | 'ambiguous';

/**
 * The tool calls in flight in this process, by JSON-RPC request id. Stateless HTTP gives every request a fresh
 * server instance, so the `notifications/cancelled` a client sends for a running call lands on an instance that
 * knows nothing of it; that instance looks the id up here and aborts the call. Ids are chosen by each client,
 * so two clients may have calls with the same id in flight: such a cancellation is ambiguous and aborts
 * nothing (the client can still cancel by closing the call's response stream).
 */
export class InFlightCalls {
  /** `1` and `"1"` are different JSON-RPC ids, and stay different keys here. */
  private readonly calls = new Map<RequestId, Set<AbortController>>();

  /** Records a call until the returned function is called (when the call ends, however it ends). */
  register(id: RequestId, controller: AbortController): () => void {
    const set = this.calls.get(id) ?? new Set<AbortController>();
    this.calls.set(id, set);
    set.add(controller);
    return () => {
      set.delete(controller);
      if (set.size === 0 && this.calls.get(id) === set) this.calls.delete(id);
    };
  }

  /** Aborts the one call in flight with this id; none when there is no such call, or more than one. */
  cancel(id: RequestId, reason?: string): CancelOutcome {
    const set = this.calls.get(id);
    if (set === undefined) return 'unknown';
    if (set.size > 1) return 'ambiguous';
    const [controller] = set;
    controller?.abort(new DOMException(reason ?? 'The client cancelled the request.', 'AbortError'));
    return 'cancelled';
  }
}
