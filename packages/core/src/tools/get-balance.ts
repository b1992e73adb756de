import { z } from 'zod';
import { joinSentences } from '../text.js';
import { defineTool, READ_ONLY_REMOTE } from './define.js';
import { detail } from './json-schema.js';

const input = z.strictObject({});

const output = z.object({
  balance: z.number().describe('Spendable; $1 = 100 credits.'),
  frozen: z.number().describe('Held by running tasks; returned if they fail.'),
  message: detail(z.string()),
});

/** `get_balance`: the account's credits. */
export const getBalanceTool = defineTool({
  name: 'get_balance',
  title: 'Get credit balance',
  description:
    "Reads the account's credits. Free. Frozen credits that rose after an outcome-unknown create mean the task started (see list_recent_tasks).",
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
