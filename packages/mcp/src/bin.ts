#!/usr/bin/env node
// The tripokit-mcp bin. Node's compile cache goes on before the bundled server (./cli.js) loads, so every start
// after the first skips compiling it.
import module from 'node:module';

module.enableCompileCache?.();
await import('./cli.js');
