import { literalText } from '../glob.js';
import { operator, type ConditionOperator } from './operator.js';

// Bool: 'true' / 'false' in any case; a policy may write them as JSON booleans, which compile.ts turns into strings.

function parseBool(text: string): string | undefined {
  const t = literalText(text).trim().toLowerCase();
  return t === 'true' || t === 'false' ? t : undefined;
}

export const boolOperators: readonly ConditionOperator[] = [
  operator<string>({ name: 'Bool', parse: parseBool, test: (v, p) => parseBool(v) === p }),
];
