import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { z } from 'zod';

/**
 * A tool's zod input schema as the SDK sees it: zod's own JSON Schema converter for `tools/list`, but a
 * pass-through `validate`. Core's `runTool` validates the arguments instead, so an invalid call gets the
 * same `invalid_request` error (naming the field, structured, nothing sent to Tripo) as in every other
 * adapter, and the arguments are parsed once rather than twice.
 */
export function advertisedInputSchema(schema: z.ZodType): StandardSchemaWithJSON<unknown, unknown> {
  const standard = schema['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: standard.vendor,
      validate: (value: unknown) => ({ value }),
      jsonSchema: standard.jsonSchema,
    },
  };
}
