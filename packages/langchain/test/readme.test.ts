import { AIMessage } from '@langchain/core/messages';
import { describeReadmeExample } from '@tripokit/testing/harness';
import { makeA3dModel } from '../examples/agent.js';
import { callTool, lastToolMessage, ScriptedChatModel } from './scripted-chat-model.js';

describeReadmeExample({
  packageName: '@tripokit/langchain',
  readme: new URL('../README.md', import.meta.url),
  example: new URL('../examples/agent.ts', import.meta.url),
  run(toolOptions, call) {
    const llm = new ScriptedChatModel((messages, turn) =>
      turn === 0
        ? callTool(call.name, call.args, 'call-0')
        : new AIMessage(String(lastToolMessage(messages)?.content)),
    );
    return makeA3dModel(llm, 'Make a red fox.', toolOptions);
  },
});
