import { z } from 'zod';
import { TripoError } from '../errors.js';
import { decimal } from './raw-fields.js';

/** Credits of the account: spendable, and frozen by tasks still running. */
export interface Balance {
  balance: number;
  frozen: number;
}

const RawBalance = z.looseObject({ balance: decimal, frozen: decimal.optional().catch(undefined) });

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
