// The bin's stand-in for the MCP SDK's `@modelcontextprotocol/server/_shims` (wired in tsdown.config.ts): the same
// exports, but the default JSON Schema validator (ajv, ~280 KB the SDK evaluates at import) loads on its first
// use. The server never validates a JSON Schema on its own (only form elicitation and `fromJsonSchema` do), so a
// stdio start-up no longer pays for ajv.
import { createRequire } from 'node:module';
import process from 'node:process';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/server';

export { process };

type ValidatorClass = new () => jsonSchemaValidator;

/** The SDK's own default validator, loaded (synchronously, from the installed SDK) on the first schema. */
export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  #inner: jsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    if (this.#inner === undefined) {
      const shims = createRequire(import.meta.url)('@modelcontextprotocol/server/_shims') as {
        DefaultJsonSchemaValidator: ValidatorClass;
      };
      this.#inner = new shims.DefaultJsonSchemaValidator();
    }
    return this.#inner.getValidator<T>(schema);
  }
}
