import { describeReadmeExample } from '@tripokit/testing/harness';
import { makeA3dModel } from '../examples/make-a-model.js';
import { scriptedModel, textTurn, toolCallTurn, toolTextIn } from './scripted-model.js';

describeReadmeExample({
  packageName: '@tripokit/ai-sdk',
  readme: new URL('../README.md', import.meta.url),
  example: new URL('../examples/make-a-model.ts', import.meta.url),
  anyLineOrder: true,
  run(toolOptions, call) {
    const model = scriptedModel((prompt, turn) => {
      return turn === 0 ? toolCallTurn(call.name, call.args) : textTurn(toolTextIn(prompt) ?? 'no result');
    });
    return makeA3dModel(model, 'Make a red fox.', toolOptions);
  },
});
