#!/usr/bin/env node
// The tripokit-mcp bin. Node's compile cache goes on before the bundled server (./cli.js) loads, so every start
// after the first skips compiling it.
import module from 'node:module';

/** Long enough for a client's first requests (initialize, tools/list) to have compiled what they need. */
const SECOND_FLUSH_MS = 3_000;

module.enableCompileCache?.();
await import('./cli.js');
// Node writes the cache only on a normal exit, and MCP clients usually end a stdio server with a signal: without
// these flushes the cache would never be written, and every start would compile the whole bundle again.
module.flushCompileCache?.();
setTimeout(() => module.flushCompileCache?.(), SECOND_FLUSH_MS).unref();
