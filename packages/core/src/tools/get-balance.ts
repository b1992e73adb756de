import { z } from 'zod';
import { joinSentences } from '../text.js';
import { defineTool, READ_ONLY_REMOTE } from './define.js';

const input = z.strictObject({});

const output = z.object({
  balance: z.number().describe('Credits available to spend ($1 = 100 credits).'),
  frozen: z.number().describe('Credits held by tasks still running; returned if they fail.'),
  message: z.string(),
});

/** `get_balance`: the account's credits. */
export const getBalanceTool = defineTool({
  name: 'get_balance',
  title: 'Get credit balance',
  description:
    "Reads the account's credits. Free. A rise in frozen credits after an outcome-unknown create means the task started (see list_recent_tasks).",
  input,
  output,
  annotations: READ_ONLY_REMOTE,
  async execute(_input, context) {
    const { balance, frozen } = await context.client.getBalance({ signal: context.signal });
    const message = `Balance: ${balance} credits available${frozen > 0 ? `, ${frozen} frozen by running tasks` : ''}.`;
    return {
      text: joinSentences([message, 'Use estimate_cost to price a task before starting it.']),
      structured: { balance, frozen, message },
    };
  },
});
