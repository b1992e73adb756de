/** What {@link FrameIdScanner} learnt about a JSON-RPC message it never held in memory. */
export interface FrameSummary {
  /** The top-level `id` when it was a string, a number or null; `undefined` when absent or unreadable. */
  id: string | number | null | undefined;
  /** Whether the message has a top-level `method` (a request or a notification, not a response). */
  hasMethod: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Longer keys cannot be `id` or `method`; longer ids are not worth quoting back. */
const MAX_KEY_BYTES = 16;
const MAX_ID_BYTES = 512;

/**
 * Reads the top-level `id` (and whether there is a `method`) of one JSON text fed to it in pieces, in constant
 * memory: a message too large to buffer can still be answered with its own id. It tracks only nesting, strings
 * and the top-level keys; anything that is not a JSON object at the top simply yields no id.
 */
export class FrameIdScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private broken = false;
  private expectKey = false;
  private key: number[] | undefined;
  private lastKey: string | undefined;
  private value: number[] | undefined;
  private id: string | number | null | undefined;
  private hasMethod = false;

  /** Feeds the next bytes of the message. */
  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length && !this.broken; i++) this.step(bytes[i] as number);
  }

  /** What was found so far (call once the message has ended). */
  summary(): FrameSummary {
    this.endValue();
    return { id: this.id, hasMethod: this.hasMethod };
  }

  private step(byte: number): void {
    if (this.value !== undefined) {
      if (this.value.length >= MAX_ID_BYTES) this.value = undefined;
      else if (!(this.depth === 1 && !this.inString && (byte === COMMA || byte === CLOSE_OBJECT)))
        this.value.push(byte);
    }
    if (this.inString) {
      this.stepInString(byte);
      return;
    }
    switch (byte) {
      case QUOTE:
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.key = [];
          this.expectKey = false;
        }
        return;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (this.depth === 0 && byte !== OPEN_OBJECT) this.broken = true;
        if (this.depth === 0) this.expectKey = true;
        this.depth++;
        return;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (this.depth === 1) this.endValue();
        this.depth = Math.max(0, this.depth - 1);
        return;
      case COLON:
        if (this.depth !== 1) return;
        if (this.lastKey === 'id' && this.id === undefined) this.value = [];
        if (this.lastKey === 'method') this.hasMethod = true;
        return;
      case COMMA:
        if (this.depth !== 1) return;
        this.endValue();
        this.expectKey = true;
        return;
      default:
        return;
    }
  }

  private stepInString(byte: number): void {
    if (this.escaped) {
      this.escaped = false;
    } else if (byte === BACKSLASH) {
      this.escaped = true;
    } else if (byte === QUOTE) {
      this.inString = false;
      if (this.key !== undefined) {
        this.lastKey = this.key.length <= MAX_KEY_BYTES ? decodeJsonString(this.key) : undefined;
        this.key = undefined;
      }
      return;
    }
    if (this.key !== undefined && this.key.length <= MAX_KEY_BYTES) this.key.push(byte);
  }

  private endValue(): void {
    const raw = this.value;
    this.value = undefined;
    this.lastKey = undefined;
    if (raw === undefined || this.id !== undefined) return;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(raw).toString('utf8'));
      if (typeof parsed === 'string' || typeof parsed === 'number' || parsed === null) this.id = parsed;
    } catch {
      // Not a usable id: the error goes out with id null.
    }
  }
}

function decodeJsonString(bytes: readonly number[]): string | undefined {
  try {
    return JSON.parse(`"${Buffer.from(bytes).toString('utf8')}"`) as string;
  } catch {
    return undefined;
  }
}
