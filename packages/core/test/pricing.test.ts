import { describe, expect, it } from 'vitest';
import { CREDIT_PRICES, estimateCredits, type PricedRequest } from '../src/index.js';
import { ESTIMATED_PRICES, PRICING_PAGE } from '../src/pricing.js';

const CASES: [PricedRequest, number][] = [
  [{ type: 'text_to_model', prompt: 'a fox' }, 20],
  [{ type: 'text_to_model', prompt: 'a fox', texture: false }, 10],
  [{ type: 'text_to_model', prompt: 'a fox', texture: false, pbr: true }, 20],
  [{ type: 'text_to_model', prompt: 'a fox', texture_quality: 'detailed' }, 30],
  [{ type: 'text_to_model', prompt: 'a fox', texture_quality: 'extreme' }, 40],
  [{ type: 'text_to_model', prompt: 'a fox', model_version: 'P1-20260311' }, 40],
  [{ type: 'text_to_model', prompt: 'a fox', model_version: 'P1-20260311', texture: false }, 30],
  [{ type: 'text_to_model', prompt: 'a fox', quad: true, smart_low_poly: true }, 35],
  [
    {
      type: 'text_to_model',
      prompt: 'a fox',
      model_version: 'v3.1-20260211',
      geometry_quality: 'detailed',
    },
    40,
  ],
  [{ type: 'text_to_model', prompt: 'a fox', texture: false, pbr: false, generate_parts: true }, 30],
  [{ type: 'image_to_model', file: 'https://x.test/a.png' }, 30],
  [{ type: 'image_to_model', file: 'https://x.test/a.png', texture: false }, 20],
  [{ type: 'image_to_model', file: 'https://x.test/a.png', model_version: 'P1-20260311' }, 50],
  [{ type: 'multiview_to_model', original_task_id: 't1', model_version: 'P1-20260311', texture: false }, 40],
  // The pricing page: texture model 10, texture_quality detailed +10 (extreme's +20 is an estimate).
  [{ type: 'texture_model', original_model_task_id: 't1' }, 10],
  [{ type: 'texture_model', original_model_task_id: 't1', texture_quality: 'detailed' }, 20],
  [{ type: 'texture_model', original_model_task_id: 't1', texture_quality: 'extreme' }, 30],
  [{ type: 'import_model', file: 'https://x.test/a.glb' }, 0],
  [{ type: 'mesh_segmentation', original_model_task_id: 't1' }, 40],
  [{ type: 'mesh_completion', original_model_task_id: 't1' }, 50],
  [{ type: 'highpoly_to_lowpoly', original_model_task_id: 't1' }, 30],
  [{ type: 'animate_prerigcheck', original_model_task_id: 't1' }, 0],
  [{ type: 'animate_rig', original_model_task_id: 't1' }, 25],
  [{ type: 'animate_retarget', original_model_task_id: 't1', animation: 'preset:walk' }, 10],
  [
    {
      type: 'animate_retarget',
      original_model_task_id: 't1',
      animations: ['preset:walk', 'preset:run', 'preset:idle'],
    },
    30,
  ],
  [{ type: 'convert_model', original_model_task_id: 't1', format: 'FBX' }, 5],
  [{ type: 'convert_model', original_model_task_id: 't1', format: 'FBX', quad: false }, 5],
  [
    {
      type: 'convert_model',
      original_model_task_id: 't1',
      format: 'FBX',
      face_limit: 5000,
      scale_factor: 2,
    },
    10,
  ],
  [{ type: 'text_to_image', prompt: 'a fox' }, 5],
  [{ type: 'generate_image', prompt: 'a fox' }, 5],
  [{ type: 'generate_image', prompt: 'a fox', model_version: 'gpt_4o' }, 5],
  [{ type: 'generate_image', prompt: 'a fox', model_version: 'midjourney' }, 10],
  [{ type: 'generate_image', prompt: 'a fox', model_version: 'seedream_v5' }, 5],
  [{ type: 'generate_image', prompt: 'a fox', model_version: 'chat_image_2.5_sunburst' }, 10],
  [{ type: 'generate_multiview_image', file: 'https://x.test/a.png' }, 10],
  [
    {
      type: 'edit_multiview_image',
      original_task_id: 't1',
      prompts: [
        { view: 'front', prompt: 'red' },
        { view: 'back', prompt: 'blue' },
      ],
    },
    10,
  ],
];

describe('estimateCredits (tripo-api.md §12)', () => {
  it.each(CASES)('%o costs %i credits', (request, credits) => {
    const estimate = estimateCredits(request);
    expect(estimate.credits).toBe(credits);
    expect(estimate.taskType).toBe(request.type);
    expect(estimate.items.reduce((sum, item) => sum + item.credits, 0)).toBe(credits);
    expect(estimate.notes.join(' ')).toMatch(/charged only on success/);
  });

  it('ignores H2/H3 add-ons on P1 (Tripo rejects them there; they are never billed)', () => {
    expect(estimateCredits({ type: 'text_to_model', model_version: 'P1-20260311', quad: true }).credits).toBe(
      40,
    );
  });

  it('says when Tripo publishes no price instead of guessing', () => {
    for (const request of [
      { type: 'refine_model', draft_model_task_id: 't1' },
      { type: 'stylize_model', original_model_task_id: 't1', style: 'lego' },
      { type: 'generate_image', prompt: 'x', model_version: 'some_future_model' },
    ] as const) {
      const estimate = estimateCredits(request);
      expect(estimate.credits).toBeNull();
      expect(estimate.notes[0]).toMatch(/no price/);
    }
  });

  it('marks every price that is not on the public pricing page as an estimate, in the table and the notes', () => {
    expect(ESTIMATED_PRICES).toEqual(
      expect.arrayContaining(['textureModel.quality.extreme', 'v3ImageModels']),
    );
    const page = estimateCredits({
      type: 'texture_model',
      original_model_task_id: 't1',
      texture_quality: 'detailed',
    });
    expect(page.notes.join(' ')).not.toMatch(/estimate/);
    const guess = estimateCredits({
      type: 'texture_model',
      original_model_task_id: 't1',
      texture_quality: 'extreme',
    });
    expect(guess.notes.join(' ')).toMatch(/extreme is an estimate/);
    const alias = estimateCredits({ type: 'generate_image', prompt: 'x', model_version: 'banana' });
    expect(alias.notes.join(' ')).toMatch(/banana is an estimate/);
    expect(PRICING_PAGE).toMatch(/^https:\/\/docs\.tripo3d\.ai\//);
  });

  it('exposes the table it prices from', () => {
    expect(CREDIT_PRICES.textToModel.standard).toEqual({ untextured: 10, textured: 20 });
    expect(CREDIT_PRICES.animateRig).toBe(25);
  });
});
