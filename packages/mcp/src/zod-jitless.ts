// Imported first by the bin's entry (cli.ts), before any schema exists: zod reads this setting when it builds
// an object schema. Without it, zod compiles a parser (`new Function`) for each object schema on its first
// parse; a V8 code cache cannot hold such code, so every start compiled again the parsers of its first
// requests (the SDK's `initialize`, `tools/list`). zod's interpreter checks the same, a few microseconds slower
// per call.
import { config } from 'zod';

config({ jitless: true });
