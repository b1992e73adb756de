#!/usr/bin/env node
import { isLoopbackBind, parseListenOptions, USAGE } from './cli-args.js';
import { startDemoServer } from './demo-server.js';

/** `node dist-server/server/main.js [--host h] [--port p]`: starts the demo and prints its URL. */
async function main(): Promise<void> {
  let listen: ReturnType<typeof parseListenOptions>;
  try {
    listen = parseListenOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (!listen) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const demo = await startDemoServer({ host: listen.host, port: listen.port });
  const shown =
    listen.host === '0.0.0.0' || listen.host === '::'
      ? demo.url.replace(/\/\/[^:]+|\/\/\[[^\]]+\]/, '//127.0.0.1')
      : demo.url;
  process.stdout.write(
    [
      '',
      `  TripoKit Studio is running at ${shown}`,
      '',
      `  Model:  ${demo.info.agent.label}`,
      `  Tripo:  ${demo.info.tripo.label}`,
      `  Files:  ${demo.outputDir} (temporary)`,
      '',
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  if (!isLoopbackBind(listen.host)) {
    process.stderr.write(
      `  Warning: listening on ${listen.host}. Anyone who can reach it can chat, and with API keys set, spend their credits.\n\n`,
    );
  }
  const stop = (): void => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    (error as { code?: string }).code === 'EADDRINUSE'
      ? `The port is already in use. Pick another with --port <number> (or PORT=<number>).\n`
      : `The demo could not start: ${message}\n`,
  );
  process.exit(1);
});
