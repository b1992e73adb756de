import { z } from 'zod';
import {
  ExportOrientation,
  FileInput,
  fileViewSlots,
  ModelVersion,
  PartNames,
  promptSchema,
  Seed,
  TaskId,
  TextureAlignment,
  TextureQuality,
} from './common.js';
import { issue, type RequestRule } from './rules.js';

/** What to paint a `texture_model` with: exactly one of `text`, `image` or `images`, plus an optional style image. */
export const TexturePrompt = z.strictObject({
  text: promptSchema(1024, 'texture_prompt.text').optional(),
  image: FileInput.optional(),
  images: fileViewSlots('texture_prompt.images')
    .optional()
    .describe('4 slots [front, left, back, right]; null skips a view.'),
  style_image: FileInput.optional(),
});
export type TexturePrompt = z.infer<typeof TexturePrompt>;

/** `texture_model`: new texture on an existing model; geometry is unchanged. */
export const TextureModelRequest = z.strictObject({
  type: z.literal('texture_model'),
  original_model_task_id: TaskId,
  texture_prompt: TexturePrompt.optional(),
  model_version: ModelVersion.optional().describe(
    'Texture model: v3.5-20260815 (newest; takes texture_quality fast), v3.0-20250812 or v2.5-20250123.',
  ),
  texture: z.boolean().optional(),
  pbr: z.boolean().optional(),
  texture_seed: Seed.optional(),
  texture_alignment: TextureAlignment.optional(),
  texture_quality: TextureQuality.optional(),
  part_names: PartNames.optional(),
  compress: z.enum(['geometry']).optional(),
  bake: z.boolean().optional(),
  model_seed: Seed.optional(),
});
export type TextureModelRequest = z.infer<typeof TextureModelRequest>;

export const textureModelRules: RequestRule<{
  texture_prompt?: { text?: unknown; image?: unknown; images?: readonly unknown[]; style_image?: unknown };
}> = (value, ctx) => {
  const prompt = value.texture_prompt;
  if (prompt === undefined) return;
  const set = (['text', 'image', 'images'] as const).filter((k) => prompt[k] !== undefined);
  if (set.length !== 1) {
    issue(
      ctx,
      'texture_prompt',
      `texture_prompt needs exactly one of text, image or images (got ${set.length === 0 ? 'none' : set.join(', ')}).`,
    );
  }
  if (prompt.images?.every((f) => f == null)) {
    issue(ctx, ['texture_prompt', 'images'], 'texture_prompt.images needs at least one image.');
  }
};

/** `refine_model`: refine a draft model (Tripo rejects drafts of v2.0 and newer with 2006). */
export const RefineModelRequest = z.strictObject({
  type: z.literal('refine_model'),
  draft_model_task_id: TaskId,
});
export type RefineModelRequest = z.infer<typeof RefineModelRequest>;

export const STYLIZE_STYLES = [
  'lego',
  'voxel',
  'voronoi',
  'minecraft',
  'keyring',
  'fridge_magnet',
  'keycap',
] as const;

/** `stylize_model`: restyle a model (minecraft outputs a `.schem`). */
export const StylizeModelRequest = z.strictObject({
  type: z.literal('stylize_model'),
  original_model_task_id: TaskId,
  style: z.enum(STYLIZE_STYLES),
  block_size: z
    .int()
    .min(32)
    .max(128)
    .optional()
    .describe('Block size for lego, voxel and minecraft; default 80.'),
});
export type StylizeModelRequest = z.infer<typeof StylizeModelRequest>;

/** Styles built from blocks, whose size `block_size` sets. */
const BLOCK_STYLES: ReadonlySet<string> = new Set(['lego', 'voxel', 'minecraft']);

export const stylizeModelRules: RequestRule<{ style?: string; block_size?: number }> = (value, ctx) => {
  if (value.block_size !== undefined && !BLOCK_STYLES.has(value.style ?? '')) {
    issue(ctx, 'block_size', 'block_size applies only to the block styles lego, voxel and minecraft.');
  }
};

export const CONVERT_FORMATS = ['GLTF', 'GLB', 'USDZ', 'FBX', 'OBJ', 'STL', '3MF'] as const;
export const TEXTURE_FORMATS = [
  'BMP',
  'DPX',
  'HDR',
  'JPEG',
  'OPEN_EXR',
  'PNG',
  'TARGA',
  'TIFF',
  'WEBP',
] as const;

/** `convert_model`: export a model to another format. */
export const ConvertModelRequest = z.strictObject({
  type: z.literal('convert_model'),
  original_model_task_id: TaskId,
  format: z.enum(CONVERT_FORMATS),
  quad: z.boolean().optional(),
  force_symmetry: z.boolean().optional().describe('Only with quad.'),
  face_limit: z.int().min(1).max(2_000_000).optional(),
  flatten_bottom: z.boolean().optional(),
  flatten_bottom_threshold: z.number().min(0).max(1).optional().describe('Only with flatten_bottom.'),
  texture_size: z.int().min(16).max(8192).optional(),
  texture_format: z.enum(TEXTURE_FORMATS).optional(),
  pivot_to_center_bottom: z.boolean().optional(),
  scale_factor: z.number().positive().max(10_000).optional(),
  with_animation: z.boolean().optional(),
  pack_uv: z.boolean().optional(),
  bake: z.boolean().optional(),
  part_names: PartNames.optional(),
  animate_in_place: z.boolean().optional(),
  export_vertex_colors: z.boolean().optional().describe('OBJ and GLTF only.'),
  export_orientation: ExportOrientation.optional(),
  fbx_preset: z.enum(['blender', '3dsmax', 'mixamo']).optional(),
  assemble_animation: z.boolean().optional(),
});
export type ConvertModelRequest = z.infer<typeof ConvertModelRequest>;

export const convertModelRules: RequestRule<{
  format?: string;
  quad?: boolean;
  force_symmetry?: boolean;
  flatten_bottom?: boolean;
  flatten_bottom_threshold?: number;
  export_vertex_colors?: boolean;
}> = (value, ctx) => {
  if (value.force_symmetry === true && value.quad !== true) {
    issue(ctx, 'force_symmetry', 'force_symmetry works only with quad: true.');
  }
  if (value.flatten_bottom_threshold !== undefined && value.flatten_bottom !== true) {
    issue(ctx, 'flatten_bottom_threshold', 'flatten_bottom_threshold works only with flatten_bottom: true.');
  }
  if (value.export_vertex_colors === true && value.format !== 'OBJ' && value.format !== 'GLTF') {
    issue(ctx, 'export_vertex_colors', 'export_vertex_colors works only with format OBJ or GLTF.');
  }
};

/** `import_model`: bring your own model (glb/obj/fbx/stl, < 150 MB), usually `{object:{bucket,key}}` from an STS upload. */
export const ImportModelRequest = z.strictObject({
  type: z.literal('import_model'),
  file: FileInput,
});
export type ImportModelRequest = z.infer<typeof ImportModelRequest>;
