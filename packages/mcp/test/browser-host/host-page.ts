/**
 * A small MCP Apps host for the browser test, after ext-apps' `basic-host` example: an MCP client talks to
 * the TripoKit server at `/mcp`; for a tool with a `ui://` resource it reads the page, has its own server
 * serve it from another origin under a CSP built from the page's `_meta.ui.csp`, shows it in a sandboxed
 * iframe, and relays the app bridge (tool input, result, the app's own tool calls and resource reads).
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  AppBridge,
  getToolUiResourceUri,
  type McpUiHostContext,
  type McpUiResourceCsp,
  PostMessageTransport,
} from '@modelcontextprotocol/ext-apps/app-bridge';

/** How one tool call is shown. */
export interface TurnOptions {
  theme: 'light' | 'dark';
  /** Width of the chat column, in CSS pixels. */
  width: number;
  /** Refuse the app's `resources/read`, as a strict host might. */
  refuseResources?: boolean;
}

/** What the test reads back about one turn. */
export interface TurnRecord {
  tool: string;
  /** The iframe's `name`, to find its frame. */
  frameName: string;
  result?: unknown;
  appCalls: string[];
  modelContext: string[];
}

const DARK_VARIABLES = {
  '--color-background-primary': '#1e1f24',
  '--color-background-secondary': '#2a2b31',
  '--color-text-primary': '#eceef3',
  '--color-text-secondary': '#a7aab5',
  '--color-border-primary': '#3b3d45',
} as const;

const client = new Client({ name: 'tripokit-test-host', version: '1.0.0' });
const turns: TurnRecord[] = [];

async function connect(): Promise<string[]> {
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', location.href)));
  return (await client.listTools()).tools.map((tool) => tool.name);
}

/** Has the host's server serve `html` from the sandbox origin under the CSP of `csp`; returns its URL. */
async function publish(html: string, csp: McpUiResourceCsp | undefined): Promise<string> {
  const response = await fetch('/views', { method: 'POST', body: JSON.stringify({ html, csp }) });
  const { url } = (await response.json()) as { url: string };
  return url;
}

function hostContext(options: TurnOptions): McpUiHostContext {
  return {
    theme: options.theme,
    platform: 'web',
    displayMode: 'inline',
    containerDimensions: { maxWidth: options.width, maxHeight: 1200 },
    ...(options.theme === 'dark' ? { styles: { variables: DARK_VARIABLES } } : {}),
  } as McpUiHostContext;
}

async function runTool(
  name: string,
  args: Record<string, unknown>,
  options: TurnOptions,
): Promise<TurnRecord> {
  document.documentElement.dataset.theme = options.theme;
  const tools = await client.listTools();
  const tool = tools.tools.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const uri = getToolUiResourceUri(tool);
  if (!uri) throw new Error(`${name} declares no ui:// resource`);
  const read = await client.readResource({ uri });
  const content = read.contents[0] as { text: string; _meta?: { ui?: { csp?: McpUiResourceCsp } } };

  const record: TurnRecord = { tool: name, frameName: `app-${turns.length}`, appCalls: [], modelContext: [] };
  turns.push(record);
  const turn = document.createElement('article');
  turn.className = 'turn';
  turn.style.maxWidth = `${options.width}px`;
  const call = document.createElement('p');
  call.className = 'call';
  call.textContent = `${name} ${JSON.stringify(args)}`;
  const iframe = document.createElement('iframe');
  iframe.name = record.frameName;
  iframe.title = `${name} result`;
  iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  turn.append(call, iframe);
  document.querySelector('main')?.append(turn);

  const bridge = new AppBridge(
    client,
    { name: 'tripokit-test-host', version: '1.0.0' },
    { serverTools: {}, serverResources: {}, updateModelContext: { text: {} } },
    { hostContext: hostContext(options) },
  );
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) iframe.style.height = `${height}px`;
  };
  bridge.onupdatemodelcontext = async (params) => {
    record.modelContext.push(JSON.stringify(params.content));
    return {};
  };
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  // The bridge listens before the page loads: the app says hello as soon as it runs.
  const frame = iframe.contentWindow;
  if (!frame) throw new Error('iframe has no window');
  await bridge.connect(new PostMessageTransport(frame, frame));
  const forward = bridge.oncalltool;
  bridge.oncalltool = (params, extra) => {
    record.appCalls.push(params.name);
    if (!forward) throw new Error('the bridge forwards no tool calls');
    return forward(params, extra);
  };
  if (options.refuseResources) {
    bridge.onreadresource = async () => {
      throw new Error('this host does not let apps read resources');
    };
  }
  iframe.src = await publish(content.text, content._meta?.ui?.csp);
  await initialized;

  await bridge.sendToolInput({ arguments: args });
  const result = await client.callTool({ name, arguments: args }, { timeout: 120_000 });
  record.result = result;
  await bridge.sendToolResult(result as Parameters<AppBridge['sendToolResult']>[0]);
  return record;
}

const host = { connect, runTool, turns };
(globalThis as unknown as { tripokitHost: typeof host }).tripokitHost = host;
