import type { ApiVersion } from '../client/options.js';
import {
  ModelVersion,
  retiredOnV3,
  V2_IMAGE_MODELS,
  V2_MODEL_VERSIONS,
  V3_IMAGE_MODELS,
  V3_MODEL_VERSIONS,
} from '../client/requests/index.js';
import type { ToolDefinition } from './types.js';

/**
 * A tool whose model names differ between the API's dialects, built from the dialect: the catalogue holds its v3
 * form, and `forDialect` gives the other (built on first use, once). A toolkit takes the form of its client's
 * dialect, so a model sees only names that dialect takes.
 */
export function dialectTool<D extends ToolDefinition>(build: (dialect: ApiVersion) => D): D {
  const built: Partial<Record<ApiVersion, D>> = {};
  const variant = (dialect: ApiVersion): D => {
    built[dialect] ??= { ...build(dialect), forDialect: variant };
    return built[dialect];
  };
  return variant('v3');
}

/** The form of `tool` a toolkit on `dialect` offers. */
export function toolForDialect<D extends ToolDefinition>(tool: D, dialect: ApiVersion): D {
  return (tool.forDialect?.(dialect) as D | undefined) ?? tool;
}

const VERSION_NOTES: Readonly<Record<string, string>> = {
  'P1-20260311': 'low-poly',
  'P2-20260801': 'takes quad',
  'Turbo-v1.0-20250506': 'fast draft',
};

/** A list of model names for a description: the first is the default, some carry a note. */
function named(models: readonly string[], notes: Readonly<Record<string, string>> = {}): string {
  const note = (m: string, i: number) =>
    [i === 0 ? 'default' : undefined, notes[m]].filter(Boolean).join(', ');
  return `${models.map((m, i) => (note(m, i) ? `${m} (${note(m, i)})` : m)).join(', ')}.`;
}

/**
 * `model_version` of a 3D generation on `dialect`: its versions named (the default first); on v3 the retired ones
 * (`V2_ONLY_MODEL_VERSIONS`) are refused before anything is sent. Other strings pass: the server decides.
 */
export function generationVersion(dialect: ApiVersion) {
  if (dialect === 'v2') return ModelVersion.optional().describe(named(V2_MODEL_VERSIONS, VERSION_NOTES));
  return ModelVersion.superRefine((version, ctx) => {
    const retired = retiredOnV3(version);
    if (retired) ctx.addIssue({ code: 'custom', message: `${retired.message} ${retired.suggestion}` });
  })
    .optional()
    .describe(named(V3_MODEL_VERSIONS, VERSION_NOTES));
}

/** `model_version` of `generate_image` on `dialect`: the image models it names (v3: aliases only). */
export function imageModel(dialect: ApiVersion) {
  if (dialect === 'v2') {
    const models = V2_IMAGE_MODELS.filter((m) => !m.startsWith('gemini_'));
    return ModelVersion.optional().describe(`Image model: ${named([...models, 'gemini_*'])}`);
  }
  return ModelVersion.optional().describe(
    `Image model: ${named(V3_IMAGE_MODELS, { seedream_v4: 'text only', seedream_v5: 'default with references' })}`,
  );
}

/** `model_version` of `smart_lowpoly` on `dialect`. */
export function lowpolyVersion(dialect: ApiVersion) {
  return ModelVersion.optional().describe(
    dialect === 'v2'
      ? 'P-v2.0-20251225 (exact value unconfirmed). Omit for the default.'
      : 'v2.0 or v1.0. Omit for the default.',
  );
}
