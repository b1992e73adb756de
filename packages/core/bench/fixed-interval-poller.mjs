/**
 * The baseline: how today's Tripo tools and SDKs wait (the JS SDK's `waitForTask`, `pollingIntervalMs` 2000;
 * the Python SDK's 2 s floor). Read the task with a raw GET, stop on a final status, else sleep 2 s and read
 * again. No shared cap on rate or concurrency: every waiter polls on its own.
 */

const FINAL = new Set(['success', 'failed', 'cancelled', 'banned', 'expired']);
export const FIXED_INTERVAL_MS = 2000;

/** Polls `GET {apiBase}/tasks/{taskId}` (v3) every 2 s on `clock` until the status is final; returns it. */
export async function pollEvery2s({ fetch, apiBase, apiKey, clock }, taskId) {
  for (;;) {
    const response = await fetch(`${apiBase}/tasks/${taskId}`, {
      headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' },
    });
    const body = JSON.parse(await response.text());
    const status = body?.data?.status;
    if (FINAL.has(status)) return status;
    await clock.sleep(FIXED_INTERVAL_MS);
  }
}
