import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { advertisedJsonSchema, detail } from '../src/tools/json-schema.js';

const link = z.string().describe('Expires soon.').meta({ id: 'link' });

describe('advertisedJsonSchema', () => {
  it('leaves details out of properties and required, and writes no $schema', () => {
    const json = advertisedJsonSchema(z.object({ a: z.string(), b: detail(z.string()) }), 'output');
    expect(json).toEqual({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
  });

  it('keeps a $defs entry used twice, and writes one used once (or no more) in place', () => {
    const twice = advertisedJsonSchema(z.object({ a: link, b: link.optional() }), 'output');
    expect(twice.$defs).toEqual({ link: { type: 'string', description: 'Expires soon.' } });
    expect(twice.properties).toEqual({ a: { $ref: '#/$defs/link' }, b: { $ref: '#/$defs/link' } });

    const once = advertisedJsonSchema(z.object({ a: link, b: detail(link.optional()) }), 'output');
    expect(once).not.toHaveProperty('$defs');
    expect(once.properties).toEqual({ a: { type: 'string', description: 'Expires soon.' } });
    expect(JSON.stringify(once)).not.toContain('$ref');
  });

  it('drops the bounds of result numbers but keeps those of inputs', () => {
    const schema = z.object({ progress: z.number().min(0).max(100) });
    expect(advertisedJsonSchema(schema, 'output').properties).toEqual({ progress: { type: 'number' } });
    expect(advertisedJsonSchema(schema, 'input').properties).toEqual({
      progress: { type: 'number', minimum: 0, maximum: 100 },
    });
  });

  it('drops string lengths everywhere, and patterns except where they tell anyOf members apart', () => {
    const schema = z.object({
      name: z
        .string()
        .min(1)
        .max(9)
        .regex(/^[a-z]+$/),
      which: z.union([
        z.enum(['model']),
        z
          .string()
          .min(1)
          .max(9)
          .regex(/^model_\d$/),
      ]),
    });
    expect(advertisedJsonSchema(schema, 'input').properties).toEqual({
      name: { type: 'string' },
      which: {
        anyOf: [
          { type: 'string', enum: ['model'] },
          { type: 'string', pattern: '^model_\\d$' },
        ],
      },
    });
  });
});
