import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { everything, KEY, useToolHarness } from './tools-harness.js';

describe('generate_3d_model', () => {
  const h = useToolHarness({ waitSeconds: 600 });

  it('creates, waits and downloads a GLB; the first progress event carries the task id', async () => {
    const out = await h.call('generate_3d_model', { prompt: 'a red fox' });
    expect(out.error).toBeUndefined();
    const taskId = out.result?.task_id as string;
    expect(taskId).toBeTruthy();
    expect(out.progress[0]?.taskId).toBe(taskId);
    const progress = out.progress.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(out.result).toMatchObject({ status: 'success', outcome: 'success', progress: 100 });
    const file = out.result?.file;
    expect(file.format).toBe('glb');
    const bytes = await readFile(file.path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('glTF');
    expect(file.size_bytes).toBe(bytes.length);
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(file.path.startsWith(h.outputDir)).toBe(true);
    expect(out.text).toContain(taskId);
    expect(everything(out)).not.toContain(KEY);
  });
});
