import { type HttpHandler, HttpResponse, http } from 'msw';
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
