// One condition operator: how a policy value is read (once, at compile time) and how a request value relates to it.
// The families (string, numeric, date, ...) are modules listed in registry.ts; the set qualifiers (ForAnyValue:,
// ForAllValues:), ...IfExists, missing keys and negation are the same for every operator and live in conditions.ts.

export interface ConditionOperator {
  /** As AWS spells it, e.g. 'StringEquals'. */
  readonly name: string;
  /**
   * StringNotEquals, NotIpAddress, ArnNotLike...: true when the request value relates to none of the policy values,
   * and true when the key is missing. `test` is the relation it negates.
   */
  readonly negated: boolean;
  /** Policy values are wildcard patterns (StringLike, Arn*): `*` and `?` in them stay wildcards. */
  readonly patterns: boolean;
  /** The policy value compiled; undefined when it can never match (a malformed number, date or range). */
  parse(value: string): unknown;
  /** Whether a request value relates to one compiled policy value. */
  test(value: string, policy: unknown): boolean;
}

interface TypedOperator<P> {
  readonly name: string;
  readonly negated?: boolean;
  readonly patterns?: boolean;
  parse(value: string): P | undefined;
  test(value: string, policy: P): boolean;
}

/** Types an operator's compiled value; the registry holds them side by side. */
export function operator<P>(op: TypedOperator<P>): ConditionOperator {
  return {
    name: op.name,
    negated: op.negated ?? false,
    patterns: op.patterns ?? false,
    parse: (value) => op.parse(value),
    test: (value, policy) => op.test(value, policy as P),
  };
}

/** The positive operator and its Not form (StringEquals / StringNotEquals), which share parse and relation. */
export function withNegation<P>(op: TypedOperator<P>, negatedName: string): readonly ConditionOperator[] {
  return [operator(op), operator({ ...op, name: negatedName, negated: true })];
}

/**
 * The six operators of an ordered family (Numeric*, Date*): Equals, NotEquals, LessThan, LessThanEquals, GreaterThan,
 * GreaterThanEquals, over values that policy and request write alike.
 */
export function orderedOperators(family: string, parse: (text: string) => number | undefined): readonly ConditionOperator[] {
  const compare = (relation: (value: number, policy: number) => boolean) => ({
    parse,
    test: (value: string, policy: number) => {
      const v = parse(value);
      return v !== undefined && relation(v, policy);
    },
  });
  return [
    ...withNegation({ name: `${family}Equals`, ...compare((a, b) => a === b) }, `${family}NotEquals`),
    operator({ name: `${family}LessThan`, ...compare((a, b) => a < b) }),
    operator({ name: `${family}LessThanEquals`, ...compare((a, b) => a <= b) }),
    operator({ name: `${family}GreaterThan`, ...compare((a, b) => a > b) }),
    operator({ name: `${family}GreaterThanEquals`, ...compare((a, b) => a >= b) }),
  ];
}
