/**
 * Builds `dist/viewer.html`, the MCP Apps page of the 3D viewer: bundles `viewer/main.ts` (model-viewer,
 * three.js, the ext-apps `App`) with rolldown into one script and inlines it and the styles into
 * `viewer/index.html`. The page must load nothing: the build fails if the bundle still imports anything.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { CREDIT_PRICES } from '@tripokit/core';
import { ANIMATION_PRESETS, CONVERT_FORMATS } from '@tripokit/core/adapter';
import { build } from 'rolldown';

const root = new URL('../', import.meta.url);
const at = (path: string): URL => new URL(path, root);

const { version } = JSON.parse(await readFile(at('package.json'), 'utf8')) as { version: string };
const facts: typeof __TRIPOKIT_VIEWER__ = {
  version,
  credits: {
    lowpoly: CREDIT_PRICES.smartLowPoly,
    convert: CREDIT_PRICES.convertModel.base,
    animate: CREDIT_PRICES.animateRig + CREDIT_PRICES.animateRetargetPerAnimation,
  },
  convertFormats: [...CONVERT_FORMATS],
  animations: [...ANIMATION_PRESETS],
};

const { output } = await build({
  input: at('viewer/main.ts').pathname,
  platform: 'browser',
  resolve: {
    alias: { 'three/examples/jsm/libs/meshopt_decoder.module.js': at('viewer/no-meshopt.ts').pathname },
  },
  write: false,
  logLevel: 'warn',
  transform: { define: { __TRIPOKIT_VIEWER__: JSON.stringify(facts) } },
  output: { format: 'esm', minify: true, codeSplitting: false, comments: { legal: true } },
});

const [chunk, ...rest] = output;
if (chunk?.type !== 'chunk' || rest.length > 0) {
  throw new Error(`expected one script, got ${output.map((o) => o.fileName).join(', ')}`);
}
if (chunk.imports.length > 0 || chunk.dynamicImports.length > 0) {
  throw new Error(`the viewer would load ${[...chunk.imports, ...chunk.dynamicImports].join(', ')}`);
}
// Inside an inline <script>, "</script" would end it early; "<\/script" means the same to JavaScript.
const script = chunk.code.replace(/<\/(script)/gi, '<\\/$1');
// model-viewer's templates hold HTML comments; "<!--" followed by "<script" would hide the closing tag.
if (/<script/i.test(script)) throw new Error('the bundle holds "<script", which an inline <script> cannot');

const [template, styles] = await Promise.all([
  readFile(at('viewer/index.html'), 'utf8'),
  readFile(at('viewer/styles.css'), 'utf8'),
]);
const html = template.replace('/*STYLES*/', () => styles).replace('/*SCRIPT*/', () => script);

await mkdir(at('dist/'), { recursive: true });
await writeFile(at('dist/viewer.html'), html);
const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;
console.log(`dist/viewer.html: ${kb(Buffer.byteLength(html))} (${kb(gzipSync(html).byteLength)} gzipped)`);
