/** The most a tool result's text may hold, in UTF-8 bytes. */
export const MAX_TOOL_TEXT_BYTES = 1024;

const encoder = new TextEncoder();

/** UTF-8 size of `text` in bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, on a character boundary, ending in "…" when cut.
 * Tool texts go to a language model; the structured content carries everything else.
 */
export function clampText(text: string, maxBytes: number = MAX_TOOL_TEXT_BYTES): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const ellipsis = '…';
  const budget = maxBytes - utf8Bytes(ellipsis);
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (used + size > budget) break;
    used += size;
    end += char.length;
  }
  return `${text.slice(0, end).trimEnd()}${ellipsis}`;
}

/** `text` without its closing full stops and spaces: a clause ready to be joined into a longer sentence. */
export function asClause(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

/**
 * `text` as one sentence: ending in exactly one full stop (or in its own `?`, `!` or `…`), so that joined
 * messages never read ".." and never run two sentences together.
 */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  if (trimmed === '' || /[?!…]$/.test(trimmed)) return trimmed;
  return `${asClause(trimmed)}.`;
}

/** Joins sentences (each ending in one full stop), skipping empty ones, and clamps to the tool text budget. */
export function joinSentences(
  parts: readonly (string | undefined | false)[],
  maxBytes = MAX_TOOL_TEXT_BYTES,
): string {
  const sentences = parts
    .filter((part): part is string => typeof part === 'string' && part.trim().length > 0)
    .map(asSentence);
  return clampText(sentences.join(' '), maxBytes);
}

// Tripo API keys start with `tsk_`; anything shaped like one is masked even if nobody registered it.
const KEY_SHAPE = /\btsk_[A-Za-z0-9_-]{4,}/g;
const MASK = '[redacted]';

/** A function that masks secrets in a string. */
export type Redactor = (text: string) => string;

/** A {@link Redactor} masking the given secrets and anything shaped like a Tripo API key. */
export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join(MASK);
    return out.replace(KEY_SHAPE, MASK);
  };
}

/** A deep copy of `value` with every string passed through `redact`. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}
