import { literalText } from '../glob.js';
import { operator, type ConditionOperator } from './operator.js';

// BinaryEquals: both sides are base64; they match when they decode to the same bytes.

function decode(text: string): Buffer | undefined {
  const t = literalText(text).trim();
  return /^[A-Za-z0-9+/]*={0,2}$/.test(t) ? Buffer.from(t, 'base64') : undefined;
}

export const binaryOperators: readonly ConditionOperator[] = [
  operator<Buffer>({
    name: 'BinaryEquals',
    parse: decode,
    test: (v, p) => {
      const bytes = decode(v);
      return bytes !== undefined && bytes.equals(p);
    },
  }),
];
