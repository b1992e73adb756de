import { createHash } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'rolldown';
import { defineConfig } from 'tsdown';

// The bin is two files. dist/cli.js is a small ES module launcher; dist/cli-main.cjs is the whole server
// (itself, core, the MCP SDK, zod) in one CommonJS script, which the launcher compiles with a V8 code cache it
// writes after the server has run (src/code-cache.ts). Node's own compile cache is made right after compiling,
// before any function ran, so every start compiled again each function it called: about 20 ms of a cold start.
// A script (not a module) is what V8 can make such a cache of, hence CommonJS.
// The library entry points (index.js, …) stay plain tsc output and keep their dependencies external.

/** Where the launcher finds the server bundle's content hash, the key of its code cache. */
const BUNDLE = 'cli-main.cjs';

/**
 * Writes `cli-main.cjs.hash` next to the bundle: V8 checks a code cache only against the source's length, so
 * the cache is keyed by the content, and hashing 500 KB at every start would cost what the cache saves.
 */
function contentHash(): Plugin {
  return {
    name: 'tripokit:content-hash',
    generateBundle(_options, bundle) {
      const chunk = bundle[BUNDLE];
      if (chunk?.type !== 'chunk') throw new Error(`${BUNDLE} was not built`);
      const hash = createHash('sha256').update(chunk.code).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: `${BUNDLE}.hash`, source: hash });
    },
  };
}

/**
 * Writes every character above U+007F as a `\uXXXX` escape (about 60 of the bundle's 737,000: dashes, quotes,
 * `≥`, `…`, `×` in strings and templates). One above U+00FF made the whole source a two-byte string, which Node
 * decodes from UTF-8 and V8 checks against its code cache more slowly: about 8 ms of a start on a slow VM. An
 * escape reads the same everywhere but in a String.raw template; the bundle's few are ASCII.
 */
function asciiOnly(): Plugin {
  return {
    name: 'tripokit:ascii-only',
    // After minifying, which writes escapes back as characters.
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunk.code = chunk.code.replace(
          /[\u0080-\uffff]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
        );
      }
    },
  };
}

const LAZY_BUILTIN = '\0lazy-builtin:';

/** A built-in module that is required on its first use: the properties of `module.exports` are read through. */
const lazyStub = (name: string): string => `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(name)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});`;

/**
 * Node built-ins as bundled stubs that require the real module on first use, instead of externals: a CommonJS
 * bundle requires its externals at the top, so a stdio start-up would load `node:http2` and the rest of the HTTP
 * and Redis stacks' built-ins, and `node:crypto` and `node:dns` that only downloads use (15 ms and more). The
 * bundle reads named imports as properties at each use (`(0, import_node_crypto.randomUUID)()`), so a stub
 * behaves as the module; a default import (`import path from 'node:path'`) loads it where it is imported.
 */
function lazyBuiltins(): Plugin {
  return {
    name: 'tripokit:lazy-builtins',
    resolveId(source, importer) {
      if (!isBuiltin(source)) return null;
      // The stub's own require stays the real one.
      if (importer?.startsWith(LAZY_BUILTIN)) return { id: source, external: true };
      return { id: LAZY_BUILTIN + source, moduleSideEffects: false };
    },
    load(id) {
      return id.startsWith(LAZY_BUILTIN) ? { code: lazyStub(id.slice(LAZY_BUILTIN.length)) } : null;
    },
  };
}

const common = {
  platform: 'node',
  target: 'node22',
  outDir: 'dist',
  clean: false,
  dts: false,
  fixedExtension: false,
  minify: true,
} as const;

export default defineConfig([
  { ...common, entry: { cli: 'src/bin.ts' }, format: 'esm' },
  {
    ...common,
    entry: { 'cli-main': 'src/cli.ts' },
    format: 'cjs',
    deps: { alwaysBundle: [/.*/] },
    // The SDK's default JSON Schema validator (ajv) loads on first use instead of at start-up.
    alias: {
      '@modelcontextprotocol/server/_shims': fileURLToPath(new URL('./src/sdk-shims.ts', import.meta.url)),
    },
    plugins: [lazyBuiltins(), asciiOnly(), contentHash()],
    outputOptions: { codeSplitting: false },
  },
]);
