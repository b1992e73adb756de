import type { TaskRequestOf, TaskType } from './client/requests/index.js';

/**
 * What {@link estimateCredits} reads: a task request whose fields may be partly missing (only `type` is
 * needed; prices depend on a few options). Every full `CreateTaskRequest` fits.
 */
export type PricedRequest = {
  [K in TaskType]: { type: K } & Partial<Omit<TaskRequestOf<K>, 'type'>>;
}[TaskType];

/** One line of a {@link CreditEstimate}: what is charged and how much. */
export interface CreditItem {
  item: string;
  credits: number;
}

/** What a task is expected to cost, from Tripo's published price list. No request is sent to work it out. */
export interface CreditEstimate {
  taskType: TaskType;
  /** Expected credits ($1 = 100 credits), or `null` when Tripo publishes no price for this request. */
  credits: number | null;
  /** The lines that add up to `credits`. */
  items: CreditItem[];
  /** Caveats: ambiguities in the price list, prices that are not published, what decides the real charge. */
  notes: string[];
}

/** Where Tripo publishes its prices: every number in {@link CREDIT_PRICES} not listed in {@link ESTIMATED_PRICES}. */
export const PRICING_PAGE = 'https://docs.tripo3d.ai/get-started/pricing.html';

/**
 * Tripo's price list in credits ($1 = 100 credits), from the public pricing page ({@link PRICING_PAGE}) unless
 * listed in {@link ESTIMATED_PRICES}. Exported so tool descriptions quote the same numbers the estimate uses.
 * Credits are frozen at creation, charged on success and refunded on failure.
 */
export const CREDIT_PRICES = {
  textToModel: { standard: { untextured: 10, textured: 20 }, p1: { untextured: 30, textured: 40 } },
  imageToModel: { standard: { untextured: 20, textured: 30 }, p1: { untextured: 40, textured: 50 } },
  /** Over the textured price, which already includes `standard` quality. */
  textureQualityExtra: { standard: 0, fast: 0, detailed: 10, extreme: 20 },
  /** H2/H3 (not P1) add-ons. `geometry_quality_detailed` is on the per-task docs pages, not the pricing page. */
  generationAddOns: { smart_low_poly: 10, quad: 5, generate_parts: 20, geometry_quality_detailed: 20 },
  /** `texture_model`: the base price, plus the texture_quality surcharge. */
  textureModel: { base: 10, quality: { standard: 0, fast: 0, detailed: 10, extreme: 20 } },
  importModel: 0,
  meshSegmentation: 40,
  meshCompletion: 50,
  smartLowPoly: 30,
  animatePrerigcheck: 0,
  animateRig: 25,
  animateRetargetPerAnimation: 10,
  convertModel: { base: 5, options: 5 },
  textToImage: 5,
  /** `generate_image` by model: v2's names (the pricing page). */
  generateImage: {
    5: ['flux.1_kontext_pro', 'flux.1_dev', 'gpt_4o', 'gemini_2.5_flash_image_preview'],
    10: [
      'gpt_image_1.5',
      'gpt_image_2',
      'midjourney',
      'gemini_3_pro_image_preview',
      'gemini_3.1_flash_image_preview',
    ],
  },
  /** Image models by v3 alias: not on the pricing page, all estimates. */
  v3ImageModels: {
    5: ['seedream_v4', 'seedream_v5', 'banana', 'banana2'],
    10: ['banana_pro', 'chat_image_2', 'chat_image_2.5_flare', 'chat_image_2.5_sunburst'],
  },
  generateMultiviewImage: 10,
  editMultiviewImagePerView: 5,
} as const;

/**
 * The entries of {@link CREDIT_PRICES} that are not on Tripo's public pricing page, as dotted paths: our
 * estimates. An estimate that uses one says so in its notes.
 */
export const ESTIMATED_PRICES = [
  'textureQualityExtra.extreme',
  'textureQualityExtra.fast',
  'textureModel.quality.extreme',
  'textureModel.quality.fast',
  'v3ImageModels',
] as const;

const ESTIMATE_NOTE = (what: string): string =>
  `${what} is an estimate: Tripo's public pricing page does not list it.`;

/** convert_model options that add the options surcharge when set (tripo-api.md §11.8). */
const CONVERT_PRICED_OPTIONS = [
  'quad',
  'face_limit',
  'flatten_bottom',
  'flatten_bottom_threshold',
  'texture_size',
  'texture_format',
  'pivot_to_center_bottom',
  'scale_factor',
] as const;

const CHARGE_NOTE =
  'Credits are frozen when the task is created, charged only on success and refunded on failure; the task reports the real charge as credits_consumed.';

type GenerationRequest = Extract<
  PricedRequest,
  { type: 'text_to_model' | 'image_to_model' | 'multiview_to_model' }
>;

class Tally {
  readonly items: CreditItem[] = [];
  readonly notes: string[] = [];

  add(item: string, credits: number): this {
    this.items.push({ item, credits });
    return this;
  }

  note(text: string): this {
    this.notes.push(text);
    return this;
  }

  finish(taskType: TaskType, known = true): CreditEstimate {
    const credits = known ? this.items.reduce((sum, line) => sum + line.credits, 0) : null;
    return { taskType, credits, items: this.items, notes: [...this.notes, CHARGE_NOTE] };
  }
}

function estimateGeneration(request: GenerationRequest): CreditEstimate {
  const tally = new Tally();
  const isP1 = /^P1-/i.test(request.model_version ?? '');
  const prices = request.type === 'text_to_model' ? CREDIT_PRICES.textToModel : CREDIT_PRICES.imageToModel;
  const line = isP1 ? prices.p1 : prices.standard;
  // pbr forces a texture, so only texture:false without pbr:true gives a bare model.
  const textured = request.texture !== false || request.pbr === true;
  const lineName = `${request.type}${isP1 ? ' (P1)' : ''}`;
  if (textured) {
    tally.add(`${lineName}, textured`, line.textured);
    const quality = request.texture_quality ?? 'standard';
    const extra = CREDIT_PRICES.textureQualityExtra[quality];
    if (extra > 0) tally.add(`texture_quality ${quality}`, extra);
    if (quality === 'extreme' || quality === 'fast') tally.note(ESTIMATE_NOTE(`texture_quality ${quality}`));
  } else {
    tally.add(`${lineName}, no texture`, line.untextured);
  }
  if (!isP1) {
    const addOns = CREDIT_PRICES.generationAddOns;
    if (request.smart_low_poly === true) tally.add('smart_low_poly', addOns.smart_low_poly);
    if (request.quad === true) tally.add('quad', addOns.quad);
    if (request.generate_parts === true) tally.add('generate_parts', addOns.generate_parts);
    if (request.geometry_quality === 'detailed')
      tally.add('geometry_quality detailed', addOns.geometry_quality_detailed);
  }
  return tally.finish(request.type);
}

function estimateGenerateImage(modelVersion: string | undefined): CreditEstimate {
  const tally = new Tally();
  if (modelVersion === undefined) {
    return tally
      .add('generate_image (default model)', 5)
      .note(
        'No model_version given: the default is flux.1_kontext_pro on v2 (5 credits) and seedream on v3 (estimated at 5).',
      )
      .finish('generate_image');
  }
  for (const [table, estimated] of [
    [CREDIT_PRICES.generateImage, false],
    [CREDIT_PRICES.v3ImageModels, true],
  ] as const) {
    for (const [price, versions] of Object.entries(table)) {
      if (!(versions as readonly string[]).includes(modelVersion)) continue;
      if (estimated) tally.note(ESTIMATE_NOTE(`The price of ${modelVersion}`));
      return tally.add(`generate_image (${modelVersion})`, Number(price)).finish('generate_image');
    }
  }
  tally.note(`Tripo publishes no price for image model ${modelVersion}; expect 5–10 credits.`);
  return tally.finish('generate_image', false);
}

/**
 * The credits a task request is expected to cost, from Tripo's published price list ({@link PRICING_PAGE});
 * where it has no entry, the notes say the number is an estimate.
 * Pure: sends nothing. Use the task's `credits_consumed` for the real charge.
 */
export function estimateCredits(request: PricedRequest): CreditEstimate {
  const tally = new Tally();
  switch (request.type) {
    case 'text_to_model':
    case 'image_to_model':
    case 'multiview_to_model':
      return estimateGeneration(request);
    case 'texture_model': {
      const quality = request.texture_quality ?? 'standard';
      tally.add('texture_model', CREDIT_PRICES.textureModel.base);
      const extra = CREDIT_PRICES.textureModel.quality[quality];
      if (extra > 0) tally.add(`texture_quality ${quality}`, extra);
      if (quality === 'extreme' || quality === 'fast')
        tally.note(ESTIMATE_NOTE(`texture_quality ${quality}`));
      return tally.finish(request.type);
    }
    case 'refine_model':
    case 'stylize_model':
      return tally
        .note(`Tripo publishes no price for ${request.type}; check credits_consumed on the task afterwards.`)
        .finish(request.type, false);
    case 'convert_model': {
      tally.add('convert_model', CREDIT_PRICES.convertModel.base);
      const priced = CONVERT_PRICED_OPTIONS.filter(
        (key) => request[key] !== undefined && request[key] !== false,
      );
      if (priced.length > 0)
        tally.add(`conversion options (${priced.join(', ')})`, CREDIT_PRICES.convertModel.options);
      return tally.finish(request.type);
    }
    case 'animate_prerigcheck':
      return tally.add('animate_prerigcheck', CREDIT_PRICES.animatePrerigcheck).finish(request.type);
    case 'animate_rig':
      return tally.add('animate_rig', CREDIT_PRICES.animateRig).finish(request.type);
    case 'animate_retarget': {
      const count = request.animations?.length ?? 1;
      return tally
        .add(
          `animate_retarget × ${count} animation${count === 1 ? '' : 's'}`,
          CREDIT_PRICES.animateRetargetPerAnimation * count,
        )
        .finish(request.type);
    }
    case 'mesh_segmentation':
      return tally.add('mesh_segmentation', CREDIT_PRICES.meshSegmentation).finish(request.type);
    case 'mesh_completion':
      return tally.add('mesh_completion', CREDIT_PRICES.meshCompletion).finish(request.type);
    case 'highpoly_to_lowpoly':
      return tally.add('smart low poly', CREDIT_PRICES.smartLowPoly).finish(request.type);
    case 'import_model':
      return tally.add('import_model', CREDIT_PRICES.importModel).finish(request.type);
    case 'text_to_image':
      return tally.add('text_to_image', CREDIT_PRICES.textToImage).finish(request.type);
    case 'generate_image':
      return estimateGenerateImage(request.model_version);
    case 'generate_multiview_image':
      return tally.add('generate_multiview_image', CREDIT_PRICES.generateMultiviewImage).finish(request.type);
    case 'edit_multiview_image': {
      const views = request.prompts?.length ?? 1;
      return tally
        .add(
          `edit_multiview_image × ${views} view${views === 1 ? '' : 's'}`,
          CREDIT_PRICES.editMultiviewImagePerView * views,
        )
        .finish(request.type);
    }
  }
}
