import { describeReadmeExample } from '@tripokit/testing/harness';
import { makeA3dModel } from '../examples/make-a-model.js';
import { scriptedModel, textTurn, toolCallTurn, toolOutputsIn } from './scripted-model.js';

describeReadmeExample({
  packageName: '@tripokit/ai-sdk',
  readme: new URL('../README.md', import.meta.url),
  example: new URL('../examples/make-a-model.ts', import.meta.url),
  anyLineOrder: true,
  run(toolOptions, call) {
    const model = scriptedModel((prompt, turn) => {
      if (turn === 0) return toolCallTurn(call.name, call.args);
      const output = toolOutputsIn(prompt)[0];
      return textTurn(output?.type === 'text' ? output.value : 'no result');
    });
    return makeA3dModel(model, 'Make a red fox.', toolOptions);
  },
});
