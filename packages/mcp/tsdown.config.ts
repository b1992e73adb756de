import { defineConfig } from 'tsdown';

// The bin ships as one bundle (the server, core, the MCP SDK and zod in a single file) behind a small launcher
// that turns on Node's compile cache: resolving and loading hundreds of files was most of the cold start.
// The library entry points (index.js, …) stay plain tsc output and keep their dependencies external.
export default defineConfig({
  entry: { cli: 'src/bin.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node22',
  outDir: 'dist',
  clean: false,
  dts: false,
  fixedExtension: false,
  minify: true,
  deps: { alwaysBundle: [/.*/] },
  outputOptions: { chunkFileNames: 'cli-[name].js' },
});
