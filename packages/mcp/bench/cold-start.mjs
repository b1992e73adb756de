// Cold start of the tripokit-mcp bin: from spawning `node dist/cli.js` to the `tools/list` answer over stdio,
// against the same machine's bare `node -e 0` (spawn to exit), measured in alternating runs in one process.
// Usage: node bench/cold-start.mjs [--runs 9] [--json]. Prints a table, or one JSON object with --json.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, json: { type: 'boolean' } },
});
// TRIPOKIT_BENCH_SMOKE=1 (the tests): one run of each, to prove the script works, not to measure.
const runs = process.env.TRIPOKIT_BENCH_SMOKE === '1' ? 1 : Number(values.runs);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Milliseconds from spawn until `done(child)` resolves. */
async function time(args, env, done) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: 'pipe', env });
  await done(child);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill();
  return ms;
}

const exited = (child) => new Promise((resolve) => child.on('exit', resolve));

/** Sends initialize, initialized and tools/list; resolves on the tools/list answer. */
function toolsListed(child) {
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  send({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.on('exit', (code) => reject(new Error(`tripokit-mcp exited ${code} before tools/list`)));
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (message.id === 1) {
          send({ method: 'notifications/initialized' });
          send({ id: 2, method: 'tools/list', params: {} });
        } else if (message.id === 2) resolve(message.result.tools.length);
      }
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const env = {
  PATH: process.env.PATH,
  TRIPO_API_KEY: 'tsk_bench',
  TRIPOKIT_OUTPUT_DIR: fileURLToPath(new URL('../.bench-models', import.meta.url)),
};
// One untimed run of each first: the OS file cache and Node's compile cache start warm, as for a user's second start.
await time(['-e', '0'], env, exited);
await time([CLI], env, toolsListed);
const bare = [];
const mcp = [];
for (let i = 0; i < runs; i++) {
  bare.push(await time(['-e', '0'], env, exited));
  mcp.push(await time([CLI], env, toolsListed));
}
const result = {
  name: 'mcp-cold-start',
  title: 'MCP server: spawn to tools/list over stdio, vs bare `node -e 0`',
  runs,
  baselineMs: Math.round(median(bare) * 10) / 10,
  valueMs: Math.round(median(mcp) * 10) / 10,
  ratio: Math.round((median(mcp) / median(bare)) * 100) / 100,
  goal: '<= 3x',
};
if (values.json) console.log(JSON.stringify(result));
else
  console.log(
    `cold start (median of ${runs} alternating runs): node -e 0 ${result.baselineMs} ms, tripokit-mcp to tools/list ${result.valueMs} ms, ${result.ratio}x`,
  );
