import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Speaks raw JSON-RPC to a started bin as a client does first (initialize, initialized, tools/list) and resolves
 * with the `tools/list` result; rejects if the bin exits first, with `whyExited()` (e.g. its stderr) in the error.
 */
export function listToolsOverStdio(
  child: ChildProcessWithoutNullStreams,
  whyExited: () => string = () => '',
): Promise<{ tools: unknown[] }> {
  const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  send({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onExit = (code: number | null) =>
      reject(new Error(`exited ${code} before tools/list ${whyExited()}`));
    child.on('exit', onExit);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const message = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        if (message.id === 1) {
          send({ method: 'notifications/initialized' });
          send({ id: 2, method: 'tools/list', params: {} });
        } else if (message.id === 2) {
          child.off('exit', onExit);
          resolve(message.result);
        }
      }
    });
  });
}
