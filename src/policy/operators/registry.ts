import { arnOperators } from './arn.js';
import { binaryOperators } from './binary.js';
import { boolOperators } from './bool.js';
import { dateOperators } from './date.js';
import { ipOperators } from './ip.js';
import { numericOperators } from './numeric.js';
import type { ConditionOperator } from './operator.js';
import { stringOperators } from './string.js';

// Every condition operator IAM has but Null (which tests presence, not values; conditions.ts handles it), by
// lower-cased name. The ForAnyValue: / ForAllValues: prefixes and the IfExists suffix are stripped before lookup.

export const NULL_OPERATOR = 'Null';

const all: readonly ConditionOperator[] = [
  ...stringOperators,
  ...numericOperators,
  ...dateOperators,
  ...boolOperators,
  ...binaryOperators,
  ...ipOperators,
  ...arnOperators,
];

export const conditionOperators: ReadonlyMap<string, ConditionOperator> = new Map(all.map((op) => [op.name.toLowerCase(), op]));
