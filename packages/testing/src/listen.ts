/**
 * `@tripokit/testing/listen`: starting a `node:http` server and reading back where it listens. A subpath of its
 * own so that a server can use it without loading the simulator.
 */

import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` listening on `host:port` (port 0: a free one) and resolves with its origin,
 * `http://<bound address>:<port>` (an IPv6 address in brackets). Rejects if it cannot bind (e.g. `EADDRINUSE`).
 */
export async function listenHttp(server: Server, port: number, host: string): Promise<string> {
  await once(server.listen(port, host), 'listening');
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${urlHost}:${address.port}`;
}
