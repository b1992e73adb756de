import { z } from 'zod';
import { withDetails } from './json-schema.js';

/**
 * Tripo generation options an agent seldom needs: every tool that takes them still does, by Tripo's name, but
 * the advertised schema leaves them out to keep `tools/list` short (see `detail`).
 */
export const ADVANCED_GENERATION_OPTIONS = [
  'image_seed',
  'model_seed',
  'texture_seed',
  'texture_alignment',
  'orientation',
  'enable_image_autofix',
  'auto_size',
  'compress',
  'export_uv',
  'export_orientation',
  'texture_version',
  'delight',
  'style',
  // Named by the price sentence of each generation tool (they cost more), rarely wanted.
  'geometry_quality',
  'generate_parts',
] as const;

/**
 * A strict object of `shape` whose fields named in `advanced` (by default the advanced generation options it
 * has) are not advertised.
 */
export function withAdvancedOptions<S extends z.ZodRawShape>(
  shape: S,
  advanced: readonly string[] = ADVANCED_GENERATION_OPTIONS,
): z.ZodObject<S, z.core.$strict> {
  const keys = advanced.filter((key): key is keyof S & string => key in shape);
  return z.strictObject(withDetails(shape, keys));
}
