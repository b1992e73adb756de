import { z } from 'zod';
import { TripoError } from '../errors.js';

/** Credits of the account: spendable, and frozen by tasks still running. */
export interface Balance {
  balance: number;
  frozen: number;
}

const amount = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/)
    .transform(Number),
]);
const RawBalance = z.looseObject({ balance: amount, frozen: amount.optional().catch(undefined) });

/** Reads `{balance, frozen}` from either dialect (numbers or decimal strings). */
export function parseBalance(data: unknown, traceId?: string): Balance {
  const parsed = RawBalance.safeParse(data);
  if (!parsed.success) {
    throw new TripoError('server', 'Tripo’s balance answer has no readable balance.', {
      traceId,
      retryable: true,
    });
  }
  return { balance: parsed.data.balance, frozen: parsed.data.frozen ?? 0 };
}
