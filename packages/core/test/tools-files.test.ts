import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePng, shapeMesh, writeGlb } from '@tripokit/testing';
import { describe, expect, it } from 'vitest';
import { everything, KEY, useToolHarness } from './tools-harness.js';

function png(): Uint8Array {
  const width = 32;
  const height = 32;
  const pixels = new Uint8Array(width * height * 4).fill(200);
  return encodePng({ width, height, pixels });
}

function glb(): Uint8Array {
  return writeGlb(shapeMesh('cube'), { name: 'm', color: [40, 200, 40], metallic: 0, roughness: 1 });
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('local files', () => {
  const h = useToolHarness({ waitSeconds: 600 });

  function uploads(): number {
    return h.sim.requests.filter((r) => r.method === 'POST' && /\/(files|upload)/.test(r.path)).length;
  }

  it('uploads a local image inside an allowed folder and starts the task with the token', async () => {
    const file = path.join(h.inputDir, 'frog.png');
    await writeFile(file, png());
    const out = await h.call('create_3d_model_from_image', { image: file });
    expect(out.error).toBeUndefined();
    expect(uploads()).toBe(1);
    expect(JSON.stringify(h.sim.task(out.result?.task_id)?.body)).toMatch(/file_/);
    expect(everything(out)).not.toContain(KEY);
  });

  it('finds a relative path inside the allowed folders', async () => {
    await writeFile(path.join(h.inputDir, 'frog.png'), png());
    const out = await h.call('generate_3d_model', { image: 'frog.png' });
    expect(out.error).toBeUndefined();
    expect(out.result?.file?.format).toBe('glb');
    expect(h.sim.task(out.result?.task_id)?.type).toBe('image_to_model');
  });

  it('refuses a path outside the allowed folders before sending anything', async () => {
    const outside = path.join(h.outsideDir, 'secret.png');
    await writeFile(outside, png());
    for (const image of [outside, '../elsewhere/secret.png', `${h.inputDir}/../elsewhere/secret.png`]) {
      const out = await h.call('create_3d_model_from_image', { image });
      expect(out.error?.code, image).toBe('file_access');
      expect(out.error?.field).toBe('image');
      expect(out.error?.suggestion).toContain(h.inputDir);
    }
    expect(h.sim.requests).toHaveLength(0);
  });

  it('reads a file whose name starts with two dots, which is still inside the folder', async () => {
    await writeFile(path.join(h.inputDir, '..frog.png'), png());
    const out = await h.call('create_3d_model_from_image', { image: '..frog.png' });
    expect(out.error).toBeUndefined();
    expect(uploads()).toBe(1);
  });

  it('refuses a symbolic link that leads outside the allowed folders', async () => {
    const outside = path.join(h.outsideDir, 'secret.png');
    await writeFile(outside, png());
    const link = path.join(h.inputDir, 'innocent.png');
    await symlink(outside, link);
    const out = await h.call('upload_file', { path: link });
    expect(out.error?.code).toBe('file_access');
    expect(h.sim.requests).toHaveLength(0);
  });

  it('says when the file does not exist, is not an image, or is not a file reference at all', async () => {
    const missing = await h.call('create_3d_model_from_image', { image: path.join(h.inputDir, 'nope.png') });
    expect(missing.error?.code).toBe('file_access');
    expect(missing.error?.message).toMatch(/no file found/);

    await writeFile(path.join(h.inputDir, 'notes.txt'), 'hello');
    const text = await h.call('create_3d_model_from_image', { image: path.join(h.inputDir, 'notes.txt') });
    expect(text.error?.code).toBe('invalid_request');
    expect(text.error?.message).toMatch(/\.png/);

    const data = await h.call('create_3d_model_from_image', { image: 'data:image/png;base64,AAAA' });
    expect(data.error?.code).toBe('invalid_request');
    expect(h.sim.requests).toHaveLength(0);
  });

  it('upload_file returns a token that other tools reuse without uploading again', async () => {
    await writeFile(path.join(h.inputDir, 'frog.png'), png());
    const up = await h.call('upload_file', { path: 'frog.png' });
    expect(up.error).toBeUndefined();
    expect(up.result).toMatchObject({ type: 'png' });
    const token = up.result?.file_token as string;
    const out = await h.call('create_3d_model_from_image', { image: token });
    expect(out.error).toBeUndefined();
    expect(uploads()).toBe(1);
  });

  it('import_model uploads a local model inside the allowed folders and imports exactly that model', async () => {
    const bytes = glb();
    await writeFile(path.join(h.inputDir, 'chair.glb'), bytes);
    const out = await h.call('import_model', { file: 'chair.glb' });
    expect(out.error).toBeUndefined();
    const id = out.result?.task_id as string;
    expect(h.sim.requests.filter((r) => r.path.endsWith('/files/presign'))).toHaveLength(1);
    const put = h.sim.requests.find((r) => r.method === 'PUT');
    expect(put?.authPresent).toBe(false);
    expect(JSON.stringify(h.sim.task(id)?.body)).toMatch(/file_/);
    expect(JSON.stringify(h.sim.task(id)?.body)).not.toContain(h.inputDir);

    await h.call('wait_for_task', { task_id: id });
    const saved = await h.call('download_model', { task_id: id });
    expect(saved.error).toBeUndefined();
    expect(sha256(await readFile(saved.result?.path))).toBe(sha256(bytes));
    expect(everything(out) + everything(saved)).not.toContain(KEY);
  });

  it('import_model refuses a model outside the allowed folders, or through a link, before sending anything', async () => {
    const outside = path.join(h.outsideDir, 'secret.glb');
    await writeFile(outside, glb());
    await symlink(outside, path.join(h.inputDir, 'innocent.glb'));
    for (const file of [outside, '../elsewhere/secret.glb', 'innocent.glb']) {
      const out = await h.call('import_model', { file });
      expect(out.error?.code, file).toBe('file_access');
      expect(out.error?.field).toBe('file');
    }
    await writeFile(path.join(h.inputDir, 'photo.png'), png());
    const wrongKind = await h.call('import_model', { file: 'photo.png' });
    expect(wrongKind.error?.code).toBe('invalid_request');
    expect(wrongKind.error?.message).toMatch(/\.glb/);
    expect(h.sim.requests).toHaveLength(0);
  });

  it('upload_file takes a model too, and import_model reuses its token', async () => {
    await writeFile(path.join(h.inputDir, 'chair.glb'), glb());
    const up = await h.call('upload_file', { path: 'chair.glb' });
    expect(up.error).toBeUndefined();
    expect(up.result).toMatchObject({ type: 'glb' });
    expect(up.result?.next_step).toMatch(/import_model/);
    const out = await h.call('import_model', { file: up.result?.file_token });
    expect(out.error).toBeUndefined();
    expect(h.sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('refuses a FIFO, a device or a folder without opening it for long, and sends nothing', async () => {
    const fifo = path.join(h.inputDir, 'pipe.png');
    execFileSync('mkfifo', [fifo]);
    await symlink('/dev/zero', path.join(h.inputDir, 'zero.png'));
    await mkdir(path.join(h.inputDir, 'folder.png'));
    for (const name of ['pipe.png', 'zero.png', 'folder.png']) {
      const out = await h.call('upload_file', { path: name });
      expect(out.error?.code, name).toBe('file_access');
    }
    expect(h.sim.requests).toHaveLength(0);
  });

  it('tells what a file is by its bytes, not its name', async () => {
    // A PNG called .glb is uploaded as the image it is; a model called .png is no image.
    await writeFile(path.join(h.inputDir, 'photo.glb'), png());
    const photo = await h.call('upload_file', { path: 'photo.glb' });
    expect(photo.result).toMatchObject({ type: 'png' });
    await writeFile(path.join(h.inputDir, 'model.png'), glb());
    const wrong = await h.call('create_3d_model_from_image', { image: 'model.png' });
    expect(wrong.error).toMatchObject({ code: 'invalid_request', field: 'image' });
    expect(wrong.error?.message).toMatch(/model\.png is not an image .*its content is a 3D model/);

    // Text and binary STL and OBJ are recognised by their structure, whatever they are called.
    const binaryStl = Buffer.concat([Buffer.alloc(80, 32), Buffer.from([1, 0, 0, 0]), Buffer.alloc(50)]);
    await writeFile(path.join(h.inputDir, 'part.bin'), binaryStl);
    expect((await h.call('upload_file', { path: 'part.bin' })).result).toMatchObject({ type: 'stl' });
    await writeFile(path.join(h.inputDir, 'tri.obj'), 'o tri\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
    expect((await h.call('upload_file', { path: 'tri.obj' })).result).toMatchObject({ type: 'obj' });

    // Whatever the name promises, bytes that are no model or image are refused before anything is sent.
    const sent = h.sim.requests.length;
    const environ = 'HOME=/root\0TRIPO_API_KEY=tsk_not_for_upload\0PATH=/usr/bin\0';
    for (const [name, content] of [
      ['env.obj', environ],
      ['env.stl', environ],
      ['notes.obj', 'just some words\n'],
      ['fake.glb', 'not a glb'],
    ] as const) {
      await writeFile(path.join(h.inputDir, name), content);
      const out = await h.call('upload_file', { path: name });
      expect(out.error?.code, name).toBe('invalid_request');
      expect(everything(out)).not.toContain('tsk_not_for_upload');
    }
    expect(h.sim.requests).toHaveLength(sent);
  });
});

describe('local model files on the v2 API', () => {
  const h = useToolHarness({ apiVersion: 'v2' });

  it('import_model explains that a local model needs v3 or a URL, and sends nothing', async () => {
    await writeFile(path.join(h.inputDir, 'chair.glb'), glb());
    const out = await h.call('import_model', { file: 'chair.glb' });
    expect(out.error?.code).toBe('invalid_request');
    expect(out.error?.message).toMatch(/v3/);
    expect(out.error?.suggestion).toMatch(/URL/);
    expect(h.sim.requests).toHaveLength(0);
  });
});

describe('download_model', () => {
  const h = useToolHarness({ waitSeconds: 600 });

  async function finished(prompt = 'a copper kettle'): Promise<string> {
    const id = (await h.call('create_3d_model_from_text', { prompt })).result?.task_id as string;
    await h.call('wait_for_task', { task_id: id });
    return id;
  }

  it('saves the best model into the output folder with size, sha256 and format, without sending the key', async () => {
    const id = await finished();
    const out = await h.call('download_model', { task_id: id });
    expect(out.error).toBeUndefined();
    expect(out.result).toMatchObject({
      task_id: id,
      output: 'pbr_model',
      format: 'glb',
      content_type: 'model/gltf-binary',
    });
    expect(path.dirname(out.result?.path)).toBe(h.outputDir);
    expect((await readFile(out.result?.path)).length).toBe(out.result?.size_bytes);
    expect(out.progress[0]?.taskId).toBe(id);
    expect(h.sim.fileRequests.every((r) => !r.authorizationSent)).toBe(true);
    expect(everything(out)).not.toContain(KEY);
  });

  it('saves another output under a chosen name, and refuses names that leave the folder', async () => {
    const id = await finished();
    const out = await h.call('download_model', {
      task_id: id,
      output: 'rendered_image',
      filename: 'preview',
    });
    expect(out.error).toBeUndefined();
    expect(path.basename(out.result?.path)).toMatch(/^preview\.\w+$/);
    const bad = await h.call('download_model', { task_id: id, filename: '../escape.glb' });
    expect(bad.error?.code).toBe('file_access');
  });

  it('explains why a task that has not succeeded cannot be downloaded', async () => {
    const id = (await h.call('create_3d_model_from_text', { prompt: 'a copper kettle' })).result
      ?.task_id as string;
    const out = await h.call('download_model', { task_id: id });
    expect(out.error?.code).toBe('download');
    expect(out.errorResult?.structured.error.task_id).toBe(id);
  });

  it('names the outputs a task offers when the chosen one does not exist', async () => {
    const id = await finished();
    const out = await h.call('download_model', { task_id: id, output: 'front_view' });
    expect(out.error?.code).toBe('invalid_request');
    expect(out.error?.suggestion).toMatch(/pbr_model/);
  });
});
