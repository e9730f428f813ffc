import { compileGlob, literalText, type Matcher } from '../glob.js';
import { withNegation, type ConditionOperator } from './operator.js';

// String operators: case-sensitive but for the IgnoreCase pair; StringLike / StringNotLike take `*` and `?`.

export const stringOperators: readonly ConditionOperator[] = [
  ...withNegation<string>({ name: 'StringEquals', parse: literalText, test: (v, p) => v === p }, 'StringNotEquals'),
  ...withNegation<string>(
    {
      name: 'StringEqualsIgnoreCase',
      parse: (v) => literalText(v).toLowerCase(),
      test: (v, p) => v.toLowerCase() === p,
    },
    'StringNotEqualsIgnoreCase',
  ),
  ...withNegation<Matcher>(
    { name: 'StringLike', patterns: true, parse: (v) => compileGlob(v), test: (v, p) => p(v) },
    'StringNotLike',
  ),
];
