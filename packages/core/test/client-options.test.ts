import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TRIPO_BASE_URLS, TripoClient, TripoError } from '../src/index.js';

const KEY = 'tsk_options_secret_0123456789';

function configError(fn: () => unknown): TripoError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TripoError);
    expect((error as TripoError).code).toBe('config');
    return error as TripoError;
  }
  throw new Error('expected a config error');
}

describe('TripoClient options', () => {
  it('defaults to v3 on the global base URL and reads the key from env', () => {
    const client = new TripoClient({ env: { TRIPO_API_KEY: KEY } });
    expect(client.apiVersion).toBe('v3');
    expect(client.baseUrl).toBe('https://openapi.tripo3d.ai/v3');
    expect(client.settings).toMatchObject({ region: 'global', timeoutMs: 60_000, maxRetries: 2 });
  });

  it.each([
    ['v3', 'global'],
    ['v3', 'cn'],
    ['v2', 'global'],
    ['v2', 'cn'],
  ] as const)('picks the %s/%s base URL from env', (version, region) => {
    const client = new TripoClient({
      env: { TRIPO_API_KEY: KEY, TRIPO_API_VERSION: version, TRIPO_REGION: region },
    });
    expect(client.baseUrl).toBe(TRIPO_BASE_URLS[version][region]);
    expect(client.apiVersion).toBe(version);
  });

  it('lets an explicit baseUrl override the region and infers v2 from /v2/openapi', () => {
    const client = new TripoClient({
      apiKey: KEY,
      region: 'cn',
      baseUrl: 'http://127.0.0.1:9/v2/openapi/',
      env: {},
    });
    expect(client.baseUrl).toBe('http://127.0.0.1:9/v2/openapi');
    expect(client.apiVersion).toBe('v2');
    expect(client.settings.region).toBeUndefined();
  });

  it('reads TRIPO_BASE_URL from env', () => {
    const client = new TripoClient({ env: { TRIPO_API_KEY: KEY, TRIPO_BASE_URL: 'http://tripo.test/v3' } });
    expect(client.baseUrl).toBe('http://tripo.test/v3');
    expect(client.apiVersion).toBe('v3');
  });

  it('names TRIPO_API_KEY when no key is configured', () => {
    const error = configError(() => new TripoClient({ env: {} }));
    expect(error.message).toContain('TRIPO_API_KEY');
  });

  it('accepts keys without the tsk_ prefix', () => {
    expect(() => new TripoClient({ apiKey: 'custom-key', env: {} })).not.toThrow();
  });

  it('rejects contradictory version and base URL, bad regions and bad URLs without echoing the key', () => {
    const errors = [
      configError(
        () =>
          new TripoClient({ apiKey: KEY, apiVersion: 'v3', baseUrl: 'https://x.test/v2/openapi', env: {} }),
      ),
      configError(() => new TripoClient({ apiKey: KEY, env: { TRIPO_REGION: 'mars' } })),
      configError(() => new TripoClient({ apiKey: KEY, baseUrl: 'not a url', env: {} })),
      configError(() => new TripoClient({ apiKey: `${KEY}\n`.repeat(2), env: {} })),
      configError(() => new TripoClient({ apiKey: KEY, timeoutMs: 0, env: {} })),
    ];
    for (const error of errors) {
      expect(error.message).not.toContain(KEY);
      expect(JSON.stringify(error)).not.toContain(KEY);
    }
  });

  it('never shows the key in JSON, inspection or own properties', () => {
    const client = new TripoClient({ apiKey: KEY, env: {} });
    expect(JSON.stringify(client)).not.toContain(KEY);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client.settings)).not.toContain(KEY);
  });
});

describe('region of an explicit base URL', () => {
  it('is known for the official bases and undefined for others', () => {
    const official = new TripoClient({ apiKey: KEY, baseUrl: 'https://api.tripo3d.com/v2/openapi', env: {} });
    expect(official.settings).toMatchObject({ region: 'cn', apiVersion: 'v2' });
    const custom = new TripoClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:8080/v3', env: {} });
    expect(custom.settings.region).toBeUndefined();
  });
});
