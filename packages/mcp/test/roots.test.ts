import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { serveStdio } from '../src/index.js';
import { callWithProgress, errorOf, textOf, useMcpHarness } from './harness.js';

describe('client roots', () => {
  const h = useMcpHarness();

  it('lets a 2025-era client that offers roots share images from them, and follows list changes', async () => {
    const image = path.join(h.outsideDir, 'shared.png');
    await copyFile(h.imagePath, image);
    let roots: { uri: string; name?: string }[] = [];
    const { client } = await h.connect(
      'legacy',
      { capabilities: { roots: { listChanged: true } } },
      () => roots,
    );

    const refused = await callWithProgress(client, 'upload_file', { path: image });
    expect(refused.result.isError).toBe(true);
    expect(errorOf(refused.result).code).toBe('file_access');

    roots = [{ uri: pathToFileURL(h.outsideDir).href, name: 'shared' }];
    await client.sendRootsListChanged();
    const allowed = await callWithProgress(client, 'upload_file', { path: image });
    expect(allowed.result.isError, textOf(allowed.result)).toBeFalsy();
  });

  it('does not ask a 2026-era HTTP client for roots unless the server was told it runs on this machine', async () => {
    const image = path.join(h.outsideDir, 'shared.png');
    await copyFile(h.imagePath, image);
    const roots = () => [{ uri: pathToFileURL(h.outsideDir).href }];
    const { client } = await h.connect('modern', { capabilities: { roots: { listChanged: true } } }, roots);
    const refused = await callWithProgress(client, 'upload_file', { path: image });
    expect(refused.result.isError).toBe(true);
    expect(h.logs.filter((line) => line.includes('roots'))).toEqual([]);
  });

  it('asks a 2026-era client on stdio for its roots in-band when a path is outside the allowed folders', async () => {
    const image = path.join(h.outsideDir, 'shared.png');
    await copyFile(h.imagePath, image);
    let asked = 0;
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = serveStdio(h.factory, { transport: serverSide });
    const client = new Client(
      { name: 'roots-test', version: '1.0.0' },
      { capabilities: { roots: {} }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    client.setRequestHandler('roots/list', () => {
      asked++;
      return { roots: [{ uri: pathToFileURL(h.outsideDir).href }] };
    });
    await client.connect(clientSide);
    try {
      const allowed = await callWithProgress(client, 'upload_file', { path: image });
      expect(allowed.result.isError, textOf(allowed.result)).toBeFalsy();
      expect(asked).toBe(1);
      const elsewhere = await callWithProgress(client, 'upload_file', { path: '/etc/hostname' });
      expect(elsewhere.result.isError).toBe(true);
      expect(errorOf(elsewhere.result).code).toBe('file_access');
      expect(asked, 'asked once per call, never in a loop').toBe(2);
    } finally {
      await client.close();
      await served.close();
    }
  });

  it('keeps to the configured folders when the client offers no roots', async () => {
    const image = path.join(h.outsideDir, 'shared.png');
    await copyFile(h.imagePath, image);
    for (const era of ['legacy', 'modern'] as const) {
      const { client } = await h.connect(era);
      const refused = await callWithProgress(client, 'upload_file', { path: image });
      expect(refused.result.isError).toBe(true);
      const allowed = await callWithProgress(client, 'upload_file', { path: h.imagePath });
      expect(allowed.result.isError, textOf(allowed.result)).toBeFalsy();
    }
  });
});
