import { literalText } from '../glob.js';
import { orderedOperators, type ConditionOperator } from './operator.js';

// Numeric operators: integers and decimals; a value that is not a number matches nothing.

export function parseNumber(text: string): number | undefined {
  const t = literalText(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export const numericOperators: readonly ConditionOperator[] = orderedOperators('Numeric', parseNumber);
