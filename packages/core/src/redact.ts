/**
 * The one scrubber of secrets in TripoKit. Every text that leaves core — tool results, errors and their causes,
 * progress, anything a server sent back — passes through a {@link Redactor} made here, so the rules are the same
 * everywhere: the registered secrets (in every spelling a text may carry them) and anything shaped like a
 * Tripo key become `[redacted]`.
 */

/** A function that masks secrets in a string. */
export type Redactor = (text: string) => string;

/** What a masked secret reads as. */
export const REDACTED = '[redacted]';

/** Tripo API keys start with `tsk_`; anything shaped like one is masked even if nobody registered it. */
const KEY_SHAPE = /\btsk_[A-Za-z0-9_-]{4,}/g;

/** Shorter secrets are not masked: they would mask ordinary words. Real keys are far longer. */
export const MIN_SECRET_LENGTH = 6;

/** The ways a secret can be written in a text: as is, percent-encoded in a URL, escaped in JSON. */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    ...new Set([secret, encodeURIComponent(secret), encodeURI(secret), json, json.replaceAll('/', '\\/')]),
  ].sort((a, b) => b.length - a.length);
}

/**
 * A {@link Redactor} masking each of `secrets` (of at least {@link MIN_SECRET_LENGTH} characters, in any of its
 * spellings) and anything shaped like a Tripo API key (`tsk_…`).
 */
export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const known = [
    ...new Set(
      secrets
        .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
        .flatMap(spellings),
    ),
  ];
  return (text) => {
    let out = text;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.replace(KEY_SHAPE, REDACTED);
  };
}

/** One redactor applying several in turn (e.g. the host's and a client's own). */
export function combineRedactors(...redactors: readonly Redactor[]): Redactor {
  return (text) => redactors.reduce((out, redact) => redact(out), text);
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

/** A deep copy of `value` with every string of its plain objects and arrays passed through `redact`. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}

function scrubProperty(target: object, key: string, redact: Redactor, seen: Set<unknown>): void {
  let value: unknown;
  try {
    value = (target as Record<string, unknown>)[key];
  } catch {
    return;
  }
  let clean: unknown = value;
  if (typeof value === 'string') clean = redact(value);
  else if (value instanceof Error) clean = redactError(value, redact, seen);
  else if (Array.isArray(value) && value.some((item) => item instanceof Error))
    clean = value.map((item) =>
      item instanceof Error ? redactError(item, redact, seen) : redactDeep(item, redact),
    );
  else if (value !== null && typeof value === 'object') clean = redactDeep(value, redact);
  if (clean === value) return;
  try {
    Object.defineProperty(target, key, { value: clean, writable: true, configurable: true });
  } catch {
    // A frozen error keeps what it had; it was not made by TripoKit.
  }
}

/**
 * Masks secrets in an error about to leave TripoKit, in place (so its class, and `instanceof`, stay): its
 * message and stack, every string, plain object and nested error among its own properties (a `TripoError`'s
 * suggestion, a task it carries, …), and its whole `cause` chain. Returns the same error; other values are
 * returned as they are, strings masked.
 */
export function redactError<T>(error: T, redact: Redactor, seen: Set<unknown> = new Set()): T {
  if (typeof error === 'string') return redact(error) as T;
  if (!(error instanceof Error) || seen.has(error)) return error;
  seen.add(error);
  for (const key of new Set(['message', 'stack', 'cause', ...Object.getOwnPropertyNames(error)])) {
    if (Object.hasOwn(error, key)) scrubProperty(error, key, redact, seen);
  }
  return error;
}
