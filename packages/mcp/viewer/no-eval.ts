import { config } from 'zod';

/**
 * Imported first: zod (inside the MCP Apps SDK) probes `new Function()` when it builds its schemas, before the
 * SDK's own switch to jitless mode runs. Under a CSP without `'unsafe-eval'` the probe is refused and
 * reported as a violation; jitless from the start, zod never tries.
 */
config({ jitless: true });
