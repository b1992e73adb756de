import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/server';
import { TripoError } from '@tripokit/core';
import type { Logger } from './log.js';

/** The MCP Apps resource of the 3D viewer. */
export const VIEWER_URI = 'ui://tripokit/viewer.html';

/** The tools whose results hosts with MCP Apps show in the viewer. */
export const VIEWER_TOOLS: readonly string[] = [
  'generate_3d_model',
  'get_task_status',
  'wait_for_task',
  'download_model',
];

/** The variable that turns the viewer off (`off`) for hosts that render it badly. */
export const MCP_APPS_ENV = 'TRIPOKIT_MCP_APPS';

// MCP Apps (SEP-1865) in the few lines the server side needs, instead of a dependency on
// @modelcontextprotocol/ext-apps, whose server helpers are these constants and one `registerResource` call but
// whose install brings the MCP client SDK (about 10 MB, 13 packages). The viewer page (built with ext-apps'
// `App`) and the tests (ext-apps' host bridge) use ext-apps itself.

/** The MIME type of an MCP Apps page. */
export const RESOURCE_MIME_TYPE = 'text/html;profile=mcp-app';

/** The legacy flat `_meta` key of a tool's page, which hosts of the first MCP Apps drafts read. */
export const RESOURCE_URI_META_KEY = 'ui/resourceUri';

/** The `_meta.ui` of an MCP Apps page: the domains it may load from, and whether the host draws a border. */
interface ResourceUiMeta {
  csp: { connectDomains: string[]; resourceDomains: string[] };
  prefersBorder: boolean;
}

/**
 * The viewer page loads nothing from the network: its script and styles are inlined, and the model arrives
 * as an MCP resource through the host. So it declares no domain at all.
 */
export const VIEWER_UI_META: ResourceUiMeta = {
  csp: { connectDomains: [], resourceDomains: [] },
  prefersBorder: true,
};

/** Where the build writes the bundled page: this package's `dist/viewer.html` (from `src/` and `dist/` alike). */
export const VIEWER_HTML_PATH = fileURLToPath(new URL('../dist/viewer.html', import.meta.url));

const ON = new Set(['on', 'true', '1', 'yes']);
const OFF = new Set(['off', 'false', '0', 'no']);

/**
 * Whether to offer the viewer: the `apps` option, else `TRIPOKIT_MCP_APPS` (`on`/`off`), else on.
 * Throws `TripoError('config')` for any other value, like every other malformed setting.
 */
export function mcpAppsEnabled(apps: boolean | undefined, env: Readonly<Record<string, string | undefined>>) {
  if (apps !== undefined) return apps;
  const raw = env[MCP_APPS_ENV]?.trim().toLowerCase() ?? '';
  if (raw === '' || ON.has(raw)) return true;
  if (OFF.has(raw)) return false;
  throw new TripoError('config', `${MCP_APPS_ENV} must be on or off, got "${env[MCP_APPS_ENV]}".`, {
    suggestion: `Set ${MCP_APPS_ENV}=off to hide the 3D viewer from MCP Apps hosts, or leave it unset.`,
  });
}

/** The bundled viewer page, read from disk once on first use. */
export interface ViewerPage {
  html(): Promise<string>;
}

/**
 * The viewer page at `path`, or `undefined` (with a warning) when the package was built without it: the
 * tools then work exactly as without MCP Apps.
 */
export function loadViewerPage(logger: Logger, path: string = VIEWER_HTML_PATH): ViewerPage | undefined {
  if (!existsSync(path)) {
    logger.warn(`MCP Apps viewer not found at ${path}; serving the tools without it.`);
    return undefined;
  }
  let text: Promise<string> | undefined;
  return {
    html: () => {
      text ??= readFile(path, 'utf8');
      return text;
    },
  };
}

/**
 * Offers the viewer to MCP Apps hosts: registers the `ui://` resource and names it in the `_meta.ui` of the
 * {@link VIEWER_TOOLS} that are registered. Only tool metadata changes: results stay exactly as they are, so
 * hosts without MCP Apps see no difference.
 */
export function attachViewerApp(
  server: McpServer,
  tools: ReadonlyMap<string, RegisteredTool>,
  page: ViewerPage,
): void {
  server.registerResource(
    'TripoKit 3D viewer',
    VIEWER_URI,
    {
      mimeType: RESOURCE_MIME_TYPE,
      title: '3D model viewer',
      description:
        'Shows the model of a TripoKit task, its progress, and buttons to convert, simplify or animate it.',
      _meta: { ui: VIEWER_UI_META },
    },
    async () => ({
      contents: [
        {
          uri: VIEWER_URI,
          mimeType: RESOURCE_MIME_TYPE,
          text: await page.html(),
          _meta: { ui: VIEWER_UI_META },
        },
      ],
    }),
  );
  for (const name of VIEWER_TOOLS) {
    const tool = tools.get(name);
    tool?.update({
      _meta: { ...tool._meta, ui: { resourceUri: VIEWER_URI }, [RESOURCE_URI_META_KEY]: VIEWER_URI },
    });
  }
}
