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
