import { compileArnPattern } from '../arn-pattern.js';
import type { Matcher } from '../glob.js';
import { withNegation, type ConditionOperator } from './operator.js';

// Arn operators. ArnEquals and ArnLike are the same test in AWS (both take wildcards, segment by segment), as are
// ArnNotEquals and ArnNotLike; the ARN matching is arn-pattern.ts's, shared with Resource.

const arnRelation = { patterns: true, parse: compileArnPattern, test: (v: string, p: Matcher) => p(v) } as const;

export const arnOperators: readonly ConditionOperator[] = [
  ...withNegation<Matcher>({ name: 'ArnEquals', ...arnRelation }, 'ArnNotEquals'),
  ...withNegation<Matcher>({ name: 'ArnLike', ...arnRelation }, 'ArnNotLike'),
];
