import net from 'node:net';

/** A loopback TCP proxy to Redis that can lose one answer the way a Redis restart does. */
export interface ReplyCutter {
  /** `redis://127.0.0.1:<port>` of the proxy. */
  readonly url: string;
  /**
   * Arms the proxy: the first time Redis sends an answer containing `reply` (raw RESP bytes), the proxy drops
   * that client connection instead of passing the answer on. Redis has run the command; the client never
   * learns it and, once it reconnects, sends the command again.
   */
  cutAt(reply: string): void;
  /** Answers dropped so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

/** Starts a {@link ReplyCutter} in front of the Redis server on `redisPort`. */
export function startReplyCutter(redisPort: number): Promise<ReplyCutter> {
  let armed: string | undefined;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(redisPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    let tail = ''; // the end of the last chunk, for an answer split between two
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      const seen = tail + chunk.toString('latin1');
      if (armed !== undefined && seen.includes(armed)) {
        armed = undefined;
        cuts++;
        drop();
        return;
      }
      tail = seen.slice(-64);
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', () => {
        sockets.delete(socket);
        drop();
      });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `redis://127.0.0.1:${port}`,
        cutAt(reply) {
          armed = reply;
        },
        get cuts() {
          return cuts;
        },
        close() {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}
