/** Replaces control characters (C0 and DEL) with spaces. */
export function withoutControlCharacters(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : char;
  }
  return out;
}

/** A single-line, bounded excerpt of text the API sent, safe to embed in a message. */
export function excerpt(text: string, max = 200): string {
  const flat = withoutControlCharacters(text).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

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

/** The host of `url` to name in a message (`files.example.com`), or `fallback` for a URL that has none. */
export function hostOf(url: string | URL, fallback: string): string {
  try {
    return new URL(url).host || fallback;
  } catch {
    return fallback;
  }
}
