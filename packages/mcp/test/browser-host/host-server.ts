import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { McpUiResourceCsp } from '@modelcontextprotocol/ext-apps';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { type RunningTripoSimulator, startTripoSimulator } from '@tripokit/testing';
import { build } from 'rolldown';
import { createTripoMcpHttpHandler, createTripoMcpServer } from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY = 'tsk_browser_host_key_51c0e7';

/** The test host: its page on `pageOrigin`, app pages on `sandboxOrigin`, TripoKit behind `/mcp`. */
export interface BrowserHost {
  /** The host page, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  pageOrigin: string;
  /** Where app pages are served: the same server under another name, so another origin. */
  sandboxOrigin: string;
  sim: RunningTripoSimulator;
  /** The CSP header each app page was served with, in order. */
  served: string[];
  close(): Promise<void>;
}

function sources(domains: readonly string[] | undefined): string {
  // As basic-host does: a source with a quote, space or semicolon could smuggle in another directive.
  return (domains ?? []).filter((d) => !/[;\r\n'" ]/.test(d)).join(' ');
}

/**
 * The CSP an MCP Apps host builds from `_meta.ui.csp`: the spec's restrictive default, even without
 * `'self'`, plus only the declared domains. The app page must work under it.
 */
export function appCsp(csp: McpUiResourceCsp | undefined): string {
  const resource = sources(csp?.resourceDomains);
  const connect = sources(csp?.connectDomains);
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${resource}`,
    `style-src 'unsafe-inline' ${resource}`,
    `img-src data: ${resource}`,
    `font-src data: ${resource}`,
    `media-src data: ${resource}`,
    `connect-src ${connect || "'none'"}`,
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ]
    .map((directive) => directive.trim())
    .join('; ');
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TripoKit test host</title>
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light; --bg: #f4f4f6; --fg: #1d1d21; --card: #ffffff; --line: #dcdce2; }
  :root[data-theme="dark"] { color-scheme: dark; --bg: #141518; --fg: #eceef3; --card: #1e1f24; --line: #3b3d45; }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.4 system-ui, sans-serif; }
  header { padding: 10px 16px; border-bottom: 1px solid var(--line); font-weight: 600; }
  main { padding: 12px 16px; display: flex; flex-direction: column; gap: 16px; }
  .turn { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 8px; }
  .call { margin: 0 0 8px; font: 12px ui-monospace, monospace; opacity: 0.7; overflow-wrap: anywhere; }
  iframe { display: block; width: 100%; height: 600px; border: 0; }
</style></head>
<body><header>Test host · MCP Apps</header><main></main>
<script type="module" src="/host.js"></script></body></html>`;

async function bundleHostPage(): Promise<string> {
  const { output } = await build({
    input: path.join(here, 'host-page.ts'),
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    output: { format: 'esm', codeSplitting: false },
  });
  const [chunk] = output;
  if (chunk?.type !== 'chunk') throw new Error('the host page did not bundle');
  return chunk.code;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the Tripo simulator (a model takes about 8 s), a TripoKit MCP server on it, and the host page's
 * server: `/` and `/host.js` (the page), `/mcp` (TripoKit), `POST /views` (publish an app page) and
 * `/views/<id>` on the sandbox origin (the app page under its CSP).
 */
export async function startBrowserHost(): Promise<BrowserHost> {
  const outputDir = await mkdtemp(path.join(tmpdir(), 'tripokit-viewer-browser-'));
  const sim = await startTripoSimulator({
    apiKey: KEY,
    timing: { queuedMs: 1_000, modelMs: 7_000, quickMs: 1_500, imageMs: 3_000 },
  });
  const factory = createTripoMcpServer({
    clientOptions: { apiKey: KEY, baseUrl: sim.apiBase, env: {}, webSocket: false },
    outputDir,
    env: {},
  });
  const mcp = createTripoMcpHttpHandler(factory);
  const mcpNode = toNodeHandler(mcp);
  const script = await bundleHostPage();
  const views = new Map<string, { html: string; csp: string }>();
  const served: string[] = [];
  let pageOrigin = '';
  let sandboxOrigin = '';

  const send = (res: ServerResponse, status: number, type: string, body: string, headers = {}) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const onSandbox = url.origin === sandboxOrigin;
    if (!onSandbox && url.pathname === '/mcp') return void mcpNode(req, res);
    if (!onSandbox && url.pathname === '/') return send(res, 200, 'text/html', PAGE);
    if (!onSandbox && url.pathname === '/host.js') return send(res, 200, 'text/javascript', script);
    if (!onSandbox && url.pathname === '/views' && req.method === 'POST') {
      return void readBody(req).then((body) => {
        const { html, csp } = JSON.parse(body) as { html: string; csp?: McpUiResourceCsp };
        const id = randomUUID();
        views.set(id, { html, csp: appCsp(csp) });
        send(res, 200, 'application/json', JSON.stringify({ url: `${sandboxOrigin}/views/${id}` }));
      });
    }
    const view = onSandbox ? views.get(url.pathname.replace(/^\/views\//, '')) : undefined;
    if (view) {
      served.push(view.csp);
      return send(res, 200, 'text/html', view.html, { 'Content-Security-Policy': view.csp });
    }
    send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  pageOrigin = `http://127.0.0.1:${port}`;
  sandboxOrigin = `http://localhost:${port}`;
  return {
    url: `${pageOrigin}/`,
    pageOrigin,
    sandboxOrigin,
    sim,
    served,
    close: async () => {
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sim.close();
      await rm(outputDir, { recursive: true, force: true });
    },
  };
}
