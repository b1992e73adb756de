import { mkdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResourceLink } from '@modelcontextprotocol/client';
import { isGlb } from '@tripokit/testing';
import { describe, expect, it } from 'vitest';
import { callWithProgress, type Era, useMcpHarness } from './harness.js';

/** The output folder's files, without the MCP Apps viewer page (`ui://`) listed next to them. */
function isModelFile(resource: { uri: string }): boolean {
  return resource.uri.startsWith('tripokit://models/');
}

function linksOf(content: { type: string }[]): ResourceLink[] {
  return content.filter((item): item is ResourceLink => item.type === 'resource_link');
}

describe.each<Era>(['legacy', 'modern'])('model resources over the %s era', (era) => {
  const h = useMcpHarness();

  it('links a generated model from the result and serves it with its MIME type', async () => {
    const { client } = await h.connect(era);
    const { result } = await callWithProgress(client, 'generate_3d_model', { prompt: 'a ceramic mug' });
    const file = (result.structuredContent as { file: { path: string; size_bytes: number } }).file;
    const [link, ...more] = linksOf(result.content);
    expect(more).toEqual([]);
    expect(link).toMatchObject({
      uri: `tripokit://models/${encodeURIComponent(path.basename(file.path))}`,
      mimeType: 'model/gltf-binary',
      size: file.size_bytes,
    });

    const { resources } = await client.listResources();
    expect(resources).toContainEqual(
      expect.objectContaining({
        uri: link!.uri,
        mimeType: 'model/gltf-binary',
        size: file.size_bytes,
        description: `Saved at ${file.path}`,
      }),
    );
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['tripokit://models/{filename}']);

    const read = await client.readResource({ uri: link!.uri });
    const content = read.contents[0] as { uri: string; mimeType: string; blob: string };
    expect(content.mimeType).toBe('model/gltf-binary');
    const bytes = Buffer.from(content.blob, 'base64');
    expect(isGlb(bytes)).toBe(true);
    expect(bytes.equals(await readFile(file.path))).toBe(true);
  });

  it('links the file download_model saved, under the name asked for', async () => {
    const { client } = await h.connect(era);
    const started = await callWithProgress(client, 'create_3d_model_from_text', { prompt: 'a brass key' });
    const taskId = (started.result.structuredContent as { task_id: string }).task_id;
    await callWithProgress(client, 'wait_for_task', { task_id: taskId });
    const { result } = await callWithProgress(client, 'download_model', {
      task_id: taskId,
      filename: 'brass key',
    });
    const links = linksOf(result.content);
    expect(links).toHaveLength(1);
    expect(decodeURIComponent(links[0]!.uri)).toMatch(/^tripokit:\/\/models\/brass.key.*\.glb$/);
    expect((await client.readResource({ uri: links[0]!.uri })).contents).toHaveLength(1);
  });

  it('lists only files of the output folder and refuses paths outside it', async () => {
    const { client } = await h.connect(era);
    await callWithProgress(client, 'generate_3d_model', { prompt: 'a pebble' });
    await writeFile(path.join(h.outputDir, '.partial-download'), 'x');
    await writeFile(path.join(h.outsideDir, 'secret.txt'), 'not yours');
    await symlink(path.join(h.outsideDir, 'secret.txt'), path.join(h.outputDir, 'link.txt'));

    const { resources } = await client.listResources();
    expect(resources.map((r) => r.name).some((n) => n.startsWith('.'))).toBe(false);
    for (const uri of [
      `tripokit://models/${encodeURIComponent('../elsewhere/secret.txt')}`,
      'tripokit://models/link.txt',
      'tripokit://models/missing.glb',
    ]) {
      await expect(client.readResource({ uri }), uri).rejects.toThrow();
    }
  });

  it('reads only what resources/list lists: no hidden, temporary, symlinked or too deeply nested file', async () => {
    const { client } = await h.connect(era);
    await callWithProgress(client, 'generate_3d_model', { prompt: 'a pebble' });
    const deep = path.join(h.outputDir, 'a', 'b', 'c', 'd', 'e');
    await mkdir(deep, { recursive: true });
    await mkdir(path.join(h.outputDir, 'sub'), { recursive: true });
    await writeFile(path.join(h.outputDir, 'sub', 'inner.txt'), 'listed');
    const hidden = {
      '.partial-download': 'half a model',
      'model.glb.part': 'half a model',
      'model.glb.tmp': 'half a model',
      'a/b/c/d/e/deep.txt': 'too deep to list',
    };
    for (const [name, text] of Object.entries(hidden)) await writeFile(path.join(h.outputDir, name), text);
    await symlink(path.join(h.outputDir, 'sub', 'inner.txt'), path.join(h.outputDir, 'alias.txt'));
    await symlink(path.join(h.outputDir, 'sub'), path.join(h.outputDir, 'linked-dir'));

    const { resources } = await client.listResources();
    const names = resources.map((r) => r.name);
    expect(names).toContain('sub/inner.txt');
    for (const resource of resources) {
      expect((await client.readResource({ uri: resource.uri })).contents, resource.uri).toHaveLength(1);
    }
    for (const name of [...Object.keys(hidden), 'alias.txt', 'linked-dir/inner.txt']) {
      expect(names).not.toContain(name);
      const uri = `tripokit://models/${encodeURIComponent(name)}`;
      await expect(client.readResource({ uri }), uri).rejects.toThrow();
    }
  });

  it('lists and serves a fresh download even when the folder holds more files than the list shows', async () => {
    await mkdir(h.outputDir, { recursive: true });
    const old = new Date('2020-01-01T00:00:00Z');
    // Many, named to come first in directory order: a listing cut off in that order (not newest first) misses the new file.
    for (let i = 0; i < 3000; i++) {
      const file = path.join(h.outputDir, `!old-${i}.txt`);
      await writeFile(file, 'old');
      await utimes(file, old, old);
    }
    const { client } = await h.connect(era);
    const { result } = await callWithProgress(client, 'generate_3d_model', { prompt: 'a ceramic mug' });
    const [link] = linksOf(result.content);
    const resources = (await client.listResources()).resources.filter(isModelFile);
    expect(resources).toHaveLength(500);
    expect(resources[0]?.uri).toBe(link!.uri);
    expect((await client.readResource({ uri: link!.uri })).contents).toHaveLength(1);
  });

  it('serves names with two dots inside the folder; a name starting with a dot is hidden like any dotfile', async () => {
    const { client } = await h.connect(era);
    await mkdir(h.outputDir, { recursive: true });
    await writeFile(path.join(h.outputDir, 'rabbit..v2.txt'), 'still ours');
    await writeFile(path.join(h.outputDir, '..rabbit.txt'), 'still ours, but hidden');
    const resources = (await client.listResources()).resources.filter(isModelFile);
    expect(resources.map((r) => r.name)).toEqual(['rabbit..v2.txt']);
    const read = await client.readResource({
      uri: `tripokit://models/${encodeURIComponent('rabbit..v2.txt')}`,
    });
    expect(read.contents).toHaveLength(1);
    await expect(
      client.readResource({ uri: `tripokit://models/${encodeURIComponent('..rabbit.txt')}` }),
    ).rejects.toThrow();
  });
});
