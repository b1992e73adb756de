/**
 * The TripoKit 3D viewer, an MCP App (`ui://tripokit/viewer.html`). The build inlines this bundle and its
 * styles into one HTML page; it loads nothing from the network.
 */
import './no-eval.js';
import '@google/model-viewer';
import {
  App,
  applyDocumentTheme,
  applyHostStyleVariables,
  type McpUiHostContext,
} from '@modelcontextprotocol/ext-apps';
import { ViewerController, type ViewerHost } from './controller.js';
import { serveLocalBlobs } from './local-blobs.js';
import { mountView } from './view.js';

serveLocalBlobs();

const app = new App({ name: 'TripoKit 3D viewer', version: __TRIPOKIT_VIEWER__.version });

const host: ViewerHost = {
  callServerTool: (params) => app.callServerTool(params),
  readServerResource: (params) => app.readServerResource(params),
  updateModelContext: async (params) => {
    if (app.getHostCapabilities()?.updateModelContext) await app.updateModelContext(params);
  },
};
const controller = new ViewerController(host);
mountView(document, controller, __TRIPOKIT_VIEWER__);

function applyHostContext(context: McpUiHostContext | undefined): void {
  if (context?.theme) applyDocumentTheme(context.theme);
  // Host fonts are not applied: their CSS may load files from origins this page does not declare.
  if (context?.styles?.variables) applyHostStyleVariables(context.styles.variables);
}

// Handlers go in before connecting: the host may send the tool input right after the handshake.
app.ontoolinput = (params) => controller.toolInput(params.arguments);
app.ontoolinputpartial = (params) => controller.toolInput(params.arguments);
app.ontoolresult = (result) => void controller.toolResult(result);
app.ontoolcancelled = (params) => controller.toolCancelled(params.reason);
app.onhostcontextchanged = applyHostContext;
app.onteardown = async () => {
  controller.dispose();
  return {};
};

await app.connect();
applyHostContext(app.getHostContext());
