import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTripoTools } from '@tripokit/ai-sdk';
import { RecentTasks } from '@tripokit/core';
import { listenHttp } from '@tripokit/testing/listen';
import { CHAT_ROUTE, type DemoInfo, INFO_ROUTE, MODEL_ROUTE_PREFIX } from '../shared/api.js';
import { selectAgentModel } from './agent-model.js';
import { isLoopbackBind } from './cli-args.js';
import { AGENT_INSTRUCTIONS } from './instructions.js';
import { ModelFiles } from './model-files.js';
import { handleChat } from './routes/chat.js';
import { refuseForeign } from './routes/guard.js';
import { handleModel } from './routes/models.js';
import { sendError, sendJson } from './routes/respond.js';
import { serveStatic } from './routes/static-files.js';
import { ScriptedLanguageModel, type ScriptedModelOptions } from './scripted/scripted-model.js';
import { withStructuredModelOutput } from './scripted/structured-tools.js';
import { type SimulatorSettings, startTripoBackend } from './tripo-backend.js';

/** Options of {@link startDemoServer}. Everything is optional. */
export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Where to read API keys and settings (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The built page (default: `dist/` of this app). */
  staticDir?: string;
  /** Where finished models are saved (default: a new temporary folder, removed by `close()`). */
  outputDir?: string;
  /** How long a tool call waits for a task before it hands back "still running", in seconds (default 300). */
  waitSeconds?: number;
  simulator?: SimulatorSettings;
  scripted?: ScriptedModelOptions;
  /** Log sink for one-line server messages (default: stderr). */
  log?: (line: string) => void;
}

/** A running demo. */
export interface DemoServer {
  /** `http://host:port` of the page. */
  url: string;
  info: DemoInfo;
  outputDir: string;
  close(): Promise<void>;
}

const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts the demo: one `node:http` server for the built page, the chat route (`streamText` with the
 * `@tripokit/ai-sdk` tools) and the same-origin model files, plus the Tripo side (simulator or real API).
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const staticDir = path.resolve(options.staticDir ?? path.join(APP_ROOT, 'dist'));
  const ownsOutputDir = options.outputDir === undefined;
  const outputDir = options.outputDir ?? (await mkdtemp(path.join(tmpdir(), 'tripokit-demo-')));

  const backend = await startTripoBackend(env, options.simulator);
  const agent = await selectAgentModel(env, () => new ScriptedLanguageModel(options.scripted));
  const recentTasks = new RecentTasks();
  const tripoTools = createTripoTools({
    client: backend.client,
    outputDir,
    recentTasks,
    waitSeconds: options.waitSeconds ?? 300,
  });
  const tools = agent.info.kind === 'scripted' ? withStructuredModelOutput(tripoTools) : tripoTools;
  const files = new ModelFiles(backend.client, recentTasks, outputDir);
  const info: DemoInfo = { agent: agent.info, tripo: backend.info };

  const host = options.host ?? '127.0.0.1';
  const loopbackOnly = isLoopbackBind(host);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const refused = refuseForeign(req, loopbackOnly);
    if (refused) {
      sendError(res, 403, refused);
      return;
    }
    if (url.pathname === CHAT_ROUTE) {
      await handleChat(req, res, { model: agent.model, tools, instructions: AGENT_INSTRUCTIONS, log });
    } else if (url.pathname === INFO_ROUTE) {
      sendJson(res, 200, info);
    } else if (url.pathname.startsWith(MODEL_ROUTE_PREFIX)) {
      await handleModel(req, res, url, {
        files,
        isKnownTask: (id) => recentTasks.get(id) !== undefined,
        log,
      });
    } else if (url.pathname.startsWith('/api/')) {
      sendError(res, 404, 'No such route.');
    } else {
      await serveStatic(req, res, staticDir, url.pathname);
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      sendError(res, 500, 'Internal error.');
    });
  });
  const url = await listenHttp(server, options.port ?? 0, host);

  return {
    url,
    info,
    outputDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
      if (ownsOutputDir) await rm(outputDir, { recursive: true, force: true });
    },
  };
}
