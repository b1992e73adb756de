/**
 * Stands in for three.js' meshopt decoder, which model-viewer imports and which compiles WebAssembly as
 * soon as it loads: a CSP without `'wasm-unsafe-eval'` (MCP Apps hosts' default) refuses that. The viewer
 * does not show meshopt-compressed models anyway (see `model-file.ts`), so it bundles this instead.
 */
export const MeshoptDecoder = {
  supported: false,
  ready: Promise.resolve(),
  useWorkers(): void {},
  decodeGltfBuffer(): never {
    throw new Error('The TripoKit viewer does not decode meshopt-compressed models.');
  },
};
