import type { Clock } from '../clock.js';
import {
  type ResolvedClientOptions,
  type ResolvedClientSettings,
  resolveClientOptions,
  type TripoClientOptions,
} from './options.js';

/**
 * The typed Tripo client. One instance talks one dialect (`v3` by default, or `v2`) to one base URL and shares
 * a request scheduler across all its calls.
 *
 * @example
 * const tripo = new TripoClient(); // reads TRIPO_API_KEY
 * const { taskId } = await tripo.createTask({ type: 'text_to_model', prompt: 'a red fox', model_version: 'v3.1-20260211' });
 */
export class TripoClient {
  /** Resolved settings (no key). */
  readonly settings: Readonly<ResolvedClientSettings>;
  /** The clock the client sleeps on. */
  readonly clock: Clock;
  /** Holds the key: an ES private field, so it never shows in logs, `JSON.stringify` or inspection. */
  readonly #options: ResolvedClientOptions;

  constructor(options: TripoClientOptions = {}) {
    this.#options = resolveClientOptions(options);
    const { apiKey: _key, fetch: _fetch, clock, ...settings } = this.#options;
    this.clock = clock;
    this.settings = Object.freeze(settings);
  }

  /** `v3` or `v2`. */
  get apiVersion(): ResolvedClientSettings['apiVersion'] {
    return this.settings.apiVersion;
  }

  /** The API base URL in use. */
  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  /** A key-free description, so logging a client never shows the key. */
  toJSON(): Record<string, unknown> {
    const { apiKey: _key, fetch: _fetch, clock: _clock, ...settings } = this.#options;
    return settings;
  }
}
