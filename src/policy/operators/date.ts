import { literalText } from '../glob.js';
import { orderedOperators, type ConditionOperator } from './operator.js';

// Date operators. A date is ISO 8601 (2030-01-01, 2030-01-01T00:00:00Z) or epoch SECONDS ("1767225600"), as the IAM
// User Guide documents for both policy values and aws:EpochTime; all are compared as milliseconds.

const EPOCH_SECONDS = /^-?\d+(\.\d+)?$/;

export function parseDate(text: string): number | undefined {
  const t = literalText(text).trim();
  if (t === '') return undefined;
  const ms = EPOCH_SECONDS.test(t) ? Number(t) * 1000 : Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

export const dateOperators: readonly ConditionOperator[] = orderedOperators('Date', parseDate);
