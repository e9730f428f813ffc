import { literalText } from '../glob.js';
import { operator, withNegation, type ConditionOperator } from './operator.js';

// Numeric operators: integers and decimals; a value that is not a number matches nothing.

export function parseNumber(text: string): number | undefined {
  const t = literalText(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function compare(name: string, relation: (a: number, b: number) => boolean): ConditionOperator {
  return operator<number>({ name, parse: parseNumber, test: (v, p) => { const n = parseNumber(v); return n !== undefined && relation(n, p); } });
}

export const numericOperators: readonly ConditionOperator[] = [
  ...withNegation<number>(
    { name: 'NumericEquals', parse: parseNumber, test: (v, p) => parseNumber(v) === p },
    'NumericNotEquals',
  ),
  compare('NumericLessThan', (a, b) => a < b),
  compare('NumericLessThanEquals', (a, b) => a <= b),
  compare('NumericGreaterThan', (a, b) => a > b),
  compare('NumericGreaterThanEquals', (a, b) => a >= b),
];
