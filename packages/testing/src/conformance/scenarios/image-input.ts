import path from 'node:path';
import { expect } from 'vitest';
import { errorOf, resultOf, stringField } from '../checks.js';
import type { ScenarioGroup } from '../scenario.js';
import { createRequests, uploadRequests } from '../sim-queries.js';

const IMAGE_URL = 'https://images.example.com/subjects/red-fox.png';

export const imageInput: ScenarioGroup = {
  name: 'image input',
  scenarios: [
    {
      name: 'an image URL goes to Tripo as it is, without an upload',
      async run({ call, sim }) {
        const created = resultOf(await call('create_3d_model_from_image', { image: IMAGE_URL }));
        const taskId = stringField(created, 'task_id');
        expect(sim.tasks).toHaveLength(1);
        expect(sim.tasks[0]).toMatchObject({ taskId, type: 'image_to_model' });
        expect(JSON.stringify(sim.tasks[0]?.body)).toContain(IMAGE_URL);
        expect(uploadRequests(sim)).toEqual([]);
      },
    },
    {
      name: 'a local image inside the allowed folders is uploaded, and the task finishes',
      async run({ call, sim, imagePath }) {
        const created = resultOf(await call('create_3d_model_from_image', { image: imagePath }));
        const taskId = stringField(created, 'task_id');
        expect(uploadRequests(sim).length).toBeGreaterThan(0);
        expect(sim.tasks).toHaveLength(1);
        const body = JSON.stringify(sim.tasks[0]?.body);
        expect(body, 'Tripo gets a reference to the upload, never the local path').not.toContain(imagePath);
        expect(body).not.toContain(path.basename(imagePath));

        const waited = resultOf(await call('wait_for_task', { task_id: taskId, timeout_seconds: 600 }));
        expect(waited).toMatchObject({ task_id: taskId, status: 'success' });
      },
    },
    {
      name: 'a local image outside the allowed folders is refused before anything is sent',
      async run({ call, sim, env }) {
        const outside = path.join(path.dirname(env.outputDir), '..', 'elsewhere', 'secret.png');
        const error = errorOf(await call('create_3d_model_from_image', { image: outside }));
        expect(error.code).toBe('file_access');
        expect(error.suggestion ?? '').not.toBe('');
        expect(createRequests(sim)).toEqual([]);
        expect(uploadRequests(sim)).toEqual([]);
      },
    },
  ],
};
