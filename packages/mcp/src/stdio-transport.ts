import type { Readable, Writable } from 'node:stream';
import {
  deserializeMessage,
  type JSONRPCMessage,
  ProtocolErrorCode,
  serializeMessage,
  type Transport,
} from '@modelcontextprotocol/server';
import { FrameIdScanner } from './frame-id.js';

/** The largest stdio message the server reads (the SDK's own default): 10 MiB, newline excluded. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;

/** Options of {@link TripoStdioTransport}. */
export interface TripoStdioTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
  /** Messages larger than this many bytes are answered with an error, never buffered. */
  maxMessageBytes?: number;
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}

function idOf(value: unknown): string | number | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/**
 * MCP over stdin/stdout, one JSON-RPC message per line, that survives hostile input. The SDK's stdio transport
 * closes the whole connection when a message exceeds its buffer, losing the answer of any call in flight (a
 * paid generation included). This one reads each line on its own: a line over `maxMessageBytes` is skipped
 * without being held in memory and answered with a JSON-RPC error carrying the message's own `id` (read as it
 * streams past; `null` when it has none), a line that is not JSON gets a parse error, and the session goes on.
 * Closing stdin still ends the connection, as the stdio binding asks.
 */
export class TripoStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly maxBytes: number;
  private parts: Buffer[] = [];
  private size = 0;
  /** Set while the current line is over the limit: it is scanned for its id, not kept. */
  private oversized: FrameIdScanner | undefined;
  private started = false;
  private closed = false;

  constructor(options: TripoStdioTransportOptions = {}) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('TripoStdioTransport already started.');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('close', this.onEnd);
    this.stdout.on('error', this.onStdoutError);
    if (this.stdin.readableEnded || this.stdin.destroyed) setImmediate(this.onEnd);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('TripoStdioTransport is closed.'));
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        this.stdout.off('drain', onDrain);
        reject(error);
      };
      const onDrain = (): void => {
        this.stdout.off('error', onError);
        resolve();
      };
      this.stdout.once('error', onError);
      if (this.stdout.write(serializeMessage(message))) {
        this.stdout.off('error', onError);
        resolve();
      } else {
        this.stdout.once('drain', onDrain);
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('close', this.onEnd);
    // Late write failures after close are nobody's business any more.
    this.stdout.off('error', this.onStdoutError);
    this.stdout.on('error', () => {});
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.parts = [];
    this.size = 0;
    this.oversized = undefined;
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start <= bytes.length && !this.closed) {
      const end = bytes.indexOf(NEWLINE, start);
      const piece = bytes.subarray(start, end === -1 ? bytes.length : end);
      if (piece.length > 0) this.take(piece);
      if (end === -1) return;
      this.endLine();
      start = end + 1;
    }
  };

  private take(piece: Buffer): void {
    if (this.oversized !== undefined) {
      this.size += piece.length;
      this.oversized.push(piece);
      return;
    }
    if (this.size + piece.length <= this.maxBytes) {
      this.parts.push(piece);
      this.size += piece.length;
      return;
    }
    // Too large: from here the line is only scanned for its id, and what was kept is dropped.
    const scanner = new FrameIdScanner();
    for (const part of this.parts) scanner.push(part);
    scanner.push(piece);
    this.oversized = scanner;
    this.parts = [];
    this.size += piece.length;
  }

  private endLine(): void {
    const { oversized, size } = this;
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    this.oversized = undefined;
    if (oversized !== undefined) {
      this.answerOversized(oversized, size);
      return;
    }
    const line = Buffer.concat(parts, size).toString('utf8').replace(/\r$/, '');
    if (line.trim() === '') return;
    this.deliver(line);
  }

  private deliver(line: string): void {
    let message: JSONRPCMessage;
    try {
      message = deserializeMessage(line);
    } catch (error) {
      const parseable = !(error instanceof SyntaxError);
      this.reportAndAnswer(
        parseable ? idOf(JSON.parse(line)) : null,
        parseable ? ProtocolErrorCode.InvalidRequest : ProtocolErrorCode.ParseError,
        parseable ? 'Invalid request: not a JSON-RPC 2.0 message.' : 'Parse error: the line is not JSON.',
      );
      return;
    }
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private answerOversized(scanner: FrameIdScanner, size: number): void {
    const { id, hasMethod } = scanner.summary();
    const what = `a ${formatMiB(size)} message, over the ${formatMiB(this.maxBytes)} this server reads`;
    if (!hasMethod && id !== undefined && id !== null) {
      // A response to one of our own requests: it cannot be answered, only reported.
      this.onerror?.(new Error(`Dropped ${what} (a response to request ${JSON.stringify(id)}).`));
      return;
    }
    this.reportAndAnswer(
      id ?? null,
      ProtocolErrorCode.InvalidRequest,
      `Message too large: ${what}. It was skipped; the session goes on. Pass files by path or URL instead of inline.`,
    );
  }

  private reportAndAnswer(id: string | number | null, code: number, message: string): void {
    this.onerror?.(new Error(`${message} (id ${JSON.stringify(id)})`));
    // JSON-RPC answers a message it cannot read with id null; the schema types ids as string | number.
    const response = { jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage;
    this.send(response).catch((error: unknown) =>
      this.onerror?.(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private readonly onStdoutError = (error: Error): void => {
    if (this.closed) return;
    this.onerror?.(error);
    this.close().catch(() => {});
  };

  private readonly onEnd = (): void => {
    this.close().catch(() => {});
  };
}
