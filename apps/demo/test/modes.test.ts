import { describe, expect, it } from 'vitest';
import { selectAgentModel } from '../src/server/agent-model.js';
import { parseListenOptions } from '../src/server/cli-args.js';
import { ScriptedLanguageModel } from '../src/server/scripted/scripted-model.js';
import { startTripoBackend } from '../src/server/tripo-backend.js';

const scripted = () => new ScriptedLanguageModel();

describe('which language model answers', () => {
  it('is the scripted one without keys', async () => {
    const { model, info } = await selectAgentModel({}, scripted);
    expect(model).toBeInstanceOf(ScriptedLanguageModel);
    expect(info.kind).toBe('scripted');
  });

  it('is OpenAI with OPENAI_API_KEY (model from OPENAI_MODEL), before Anthropic', async () => {
    const { model, info } = await selectAgentModel(
      { OPENAI_API_KEY: 'sk-test', OPENAI_MODEL: 'gpt-test', ANTHROPIC_API_KEY: 'x' },
      scripted,
    );
    expect(info).toEqual({ kind: 'openai', label: 'OpenAI gpt-test' });
    expect(typeof model === 'object' && model.modelId).toBe('gpt-test');
  });

  it('is Anthropic with ANTHROPIC_API_KEY', async () => {
    const { info } = await selectAgentModel(
      { ANTHROPIC_API_KEY: 'sk-ant-test', OPENAI_API_KEY: '  ' },
      scripted,
    );
    expect(info.kind).toBe('anthropic');
    expect(info.label).toMatch(/^Anthropic claude-/);
  });
});

describe('where 3D tasks run', () => {
  it('is the real Tripo API with TRIPO_API_KEY, without touching the network to set up', async () => {
    const backend = await startTripoBackend({ TRIPO_API_KEY: 'tsk_test_key' });
    expect(backend.info.kind).toBe('api');
    expect(backend.client.baseUrl).toBe('https://openapi.tripo3d.ai/v3');
    expect(JSON.stringify(backend.client)).not.toContain('tsk_test_key');
    await backend.close();
  });

  it('is a loopback simulator otherwise, whatever TRIPO_* variables say', async () => {
    const backend = await startTripoBackend({ TRIPO_BASE_URL: 'https://example.invalid/v3' });
    try {
      expect(backend.info.kind).toBe('simulator');
      expect(backend.client.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
      expect((await backend.client.getBalance()).balance).toBeGreaterThan(0);
    } finally {
      await backend.close();
    }
  });
});

describe('where the demo listens', () => {
  it('defaults to 127.0.0.1:4320, takes PORT, and lets flags win', () => {
    expect(parseListenOptions([], {})).toEqual({ host: '127.0.0.1', port: 4320 });
    expect(parseListenOptions([], { PORT: '8080' })).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListenOptions(['--host', '0.0.0.0', '--port', '9000'], { PORT: '8080' })).toEqual({
      host: '0.0.0.0',
      port: 9000,
    });
    expect(parseListenOptions(['--help'], {})).toBeUndefined();
    expect(() => parseListenOptions([], { PORT: '70000' })).toThrow('PORT must be a port number');
    expect(() => parseListenOptions(['--nope'], {})).toThrow();
  });
});
