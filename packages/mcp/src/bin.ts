#!/usr/bin/env node
// The tripokit-mcp bin: runs the bundled server (./cli-main.cjs) with a V8 code cache that holds the functions a
// start runs (code-cache.ts), in Node's compile cache folder (NODE_COMPILE_CACHE, else the OS temp folder; none
// with NODE_DISABLE_COMPILE_CACHE=1), and hands it the tools' JSON Schemas the build derived
// (./cli-main.schemas.json, precomputed-schemas.ts).
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import type { runCli } from './cli.js';
import { codeCacheFile, contentHash, runWithCodeCache } from './code-cache.js';

module.enableCompileCache?.();
const bundle = fileURLToPath(new URL('./cli-main.cjs', import.meta.url));
const server = runWithCodeCache(bundle, codeCacheFile(bundle, module.getCompileCacheDir?.()));
// NODE_DEBUG=tripokit says whether this start used the cache.
debuglog('tripokit')(`code cache ${server.cacheUsed ? 'used' : 'not used'}`);
const { runCli: run } = server.exports as { runCli: typeof runCli };
const hash = contentHash(bundle);
run(process.argv.slice(2), process.env, {
  onServing: () => server.saveCacheWhenDone(),
  ...(hash === undefined
    ? {}
    : {
        precomputedSchemas: {
          file: fileURLToPath(new URL('./cli-main.schemas.json', import.meta.url)),
          bundle: hash,
        },
      }),
});
