// The MCP server's benchmarks, on the built bin (dist/cli.js), each against a baseline measured in the same run:
// - cold start: from spawning the bin to the `tools/list` answer over stdio, against a bare `node -e 0` (spawn
//   to exit), median of alternating runs (--runs, default 9);
// - `tools/list` size: the bytes of the answer's `result` for the whole catalogue and for the `core` preset
//   (TRIPOKIT_TOOLS=core), against the same answer with each tool's schemas as zod writes them from the same
//   definitions (`z.toJSONSchema`, every field, no trimming: what a server handing its zod schemas to the SDK
//   as they are would advertise); goals: issue 12's budgets (25 KB and 8 KB, read as 25,000 and 8,000 bytes).
// Prints a table and one BENCH_RESULT line per figure (bench/protocol.mjs at the repository root).
// TRIPOKIT_BENCH_SMOKE=1: one run of each, to prove the script works, not to measure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTripoToolkit } from '@tripokit/core';
import { z } from 'zod';
import { report, round, smokeMode } from '../../../bench/protocol.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = smokeMode() ? 1 : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/run.mjs [--runs N]');
  process.exit(2);
}
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const BUDGET_BYTES = { all: 25_000, core: 8_000 };
const OUTPUT_DIR = mkdtempSync(path.join(tmpdir(), 'tripokit-mcp-bench-'));

const env = (extra = {}) => ({
  PATH: process.env.PATH,
  TRIPO_API_KEY: 'tsk_bench',
  TRIPOKIT_OUTPUT_DIR: OUTPUT_DIR,
  ...extra,
});

/** Milliseconds from spawn until `done(child)` resolves, and its value. Then the child gets SIGTERM, as from a client. */
async function time(args, childEnv, done) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: 'pipe', env: childEnv });
  const value = await done(child);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  child.kill();
  return { ms, value };
}

const exited = (child) => new Promise((resolve) => child.on('exit', resolve));

/** Sends initialize, initialized and tools/list; resolves with the tools/list result. */
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
        } else if (message.id === 2) resolve(message.result);
      }
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const bytes = (value) => Buffer.byteLength(JSON.stringify(value));

async function coldStart() {
  const loadBefore = loadavg()[0];
  // One untimed run of each first: the OS file cache and Node's compile cache start warm, as for a user's
  // second start (the bin writes its compile cache during the first).
  await time(['-e', '0'], env(), exited);
  await time([CLI], env(), toolsListed);
  const bare = [];
  const mcp = [];
  for (let i = 0; i < runs; i++) {
    bare.push((await time(['-e', '0'], env(), exited)).ms);
    mcp.push((await time([CLI], env(), toolsListed)).ms);
  }
  const ratio = median(mcp) / median(bare);
  const load = { before: round(loadBefore), after: round(loadavg()[0]) };
  console.log(
    `Cold start, median of ${runs} alternating runs (1-minute load average ${load.before} before, ${load.after} after):\n` +
      `  node -e 0                     ${median(bare).toFixed(1)} ms\n` +
      `  tripokit-mcp to tools/list    ${median(mcp).toFixed(1)} ms (${ratio.toFixed(2)}x)\n`,
  );
  report({
    name: 'mcp-cold-start',
    title: 'MCP server: spawn to tools/list over stdio',
    unit: 'ms',
    value: round(median(mcp), 1),
    baseline: { label: 'bare `node -e 0`', value: round(median(bare), 1) },
    ratio: round(ratio),
    better: 'lower',
    goal: '<= 3x',
    met: ratio <= 3,
    detail: {
      runs,
      loadAverage1m: load,
      bareMs: bare.map((x) => round(x, 1)),
      mcpMs: mcp.map((x) => round(x, 1)),
    },
  });
}

/**
 * The baseline of a `tools/list` answer: the same answer (names, titles, descriptions, annotations), each
 * tool's input and output schema replaced by zod's own JSON Schema of the same definition (the default v3
 * dialect, as the bin runs here) with nothing left out.
 */
function plainZodAnswer(result) {
  const definitions = new Map(createTripoToolkit({ env: {}, tools: 'all' }).tools.map((t) => [t.name, t]));
  return {
    ...result,
    tools: result.tools.map((tool) => {
      const definition = definitions.get(tool.name);
      if (definition === undefined) throw new Error(`bench: no definition of ${tool.name} in core's toolkit`);
      return {
        ...tool,
        inputSchema: z.toJSONSchema(definition.input, { io: 'input' }),
        outputSchema: z.toJSONSchema(definition.output, { io: 'output' }),
      };
    }),
  };
}

async function toolsListSize(preset) {
  const { value: result } = await time(
    [CLI],
    env(preset === 'all' ? {} : { TRIPOKIT_TOOLS: preset }),
    toolsListed,
  );
  const total = bytes(result);
  const plain = bytes(plainZodAnswer(result));
  const perTool = result.tools
    .map((tool) => ({ name: tool.name, bytes: bytes(tool) }))
    .sort((a, b) => b.bytes - a.bytes);
  const what = preset === 'all' ? 'whole catalogue' : `\`${preset}\` preset`;
  console.log(
    `tools/list, ${what}: ${total} bytes for ${result.tools.length} tools (budget ${BUDGET_BYTES[preset]}; ` +
      `${plain} bytes with zod's plain JSON Schemas); largest: ${perTool
        .slice(0, 5)
        .map((t) => `${t.name} ${t.bytes}`)
        .join(', ')}`,
  );
  report({
    name: preset === 'all' ? 'mcp-tools-list-bytes' : `mcp-tools-list-${preset}-bytes`,
    title: `tools/list answer size, ${what} (${result.tools.length} tools, output schemas included)`,
    unit: 'bytes',
    value: total,
    baseline: { label: 'same tools, plain `z.toJSONSchema` of every field', value: plain },
    better: 'lower',
    goal: `<= ${BUDGET_BYTES[preset].toLocaleString('en-US')} bytes`,
    met: total <= BUDGET_BYTES[preset],
    detail: { tools: result.tools.length, budgetBytes: BUDGET_BYTES[preset], perTool },
  });
}

try {
  await coldStart();
  await toolsListSize('all');
  await toolsListSize('core');
} finally {
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
}
