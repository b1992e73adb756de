import { type HttpHandler, HttpResponse, http, type UnhandledFrameHandle } from 'msw';
import type { TripoSimulator } from './sim/simulator.js';

/**
 * msw 3 handlers that route every request under `sim.origin` (both API dialects, uploads and the file host)
 * to the simulator. A dropped connection (`Response.error()`) becomes `HttpResponse.error()`, which msw turns
 * into a network error for the client.
 *
 * @example
 * const sim = new TripoSimulator();
 * const server = setupServer(...createTripoHandlers(sim));
 */
export function createTripoHandlers(sim: TripoSimulator): HttpHandler[] {
  return [
    http.all(`${sim.origin}/*`, async ({ request }) => {
      const response = await sim.handle(request);
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  ];
}

/**
 * An msw `onUnhandledFrame` handle that fails every request no handler took (a network error for `fetch`, an
 * error event for a WebSocket) unless `pass(url)` lets it through. msw's own `'error'` strategy lets requests
 * for files such as `.png` or `.json` reach the network; this one keeps them off it too.
 */
export function refuseUnhandled(pass: (url: URL) => boolean = () => false): UnhandledFrameHandle {
  return ({ frame, defaults }) => {
    const request = (frame.data as { request?: Request }).request;
    if (request !== undefined && pass(new URL(request.url))) return;
    // `defaults.error()` only prints; throwing is what fails the request instead of passing it on.
    defaults.error();
    throw request ? HttpResponse.error() : new Error('msw: unhandled WebSocket connection');
  };
}
