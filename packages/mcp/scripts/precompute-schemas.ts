/**
 * Writes `dist/cli-main.schemas.json`: every tool's advertised JSON Schemas, derived by the built bin bundle
 * itself (its `deriveSchemaStore`, src/precomputed-schemas.ts) and stamped with the bundle's content hash, so
 * the bin lists tools without deriving them at start-up and never reads the file of another build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { deriveSchemaStore } from '../src/precomputed-schemas.js';

const bundle = fileURLToPath(new URL('../dist/cli-main.cjs', import.meta.url));
const hash = readFileSync(`${bundle}.hash`, 'utf8').trim();
const { deriveSchemaStore: derive } = createRequire(import.meta.url)(bundle) as {
  deriveSchemaStore: typeof deriveSchemaStore;
};
writeFileSync(
  fileURLToPath(new URL('../dist/cli-main.schemas.json', import.meta.url)),
  `${JSON.stringify(derive(hash))}\n`,
);
