// Scalars that arrive as text (awsQuery form fields, rest-json labels, query strings and headers) converted to
// their shape's type. Text that is not a value of the type is a validation error in the service's own code and
// AWS's sentence form, e.g. "Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be a number".

import type { MemberRef, Shape, TimestampFormat } from './model.js';
import { parseTimestampText, timestampFormatOf } from './timestamps.js';
import { validationError, violation } from './validate.js';

const integer = /^[+-]?\d+$/;
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function readTextScalar(
  ref: MemberRef,
  shape: Shape,
  text: string,
  path: string,
  timestampDefault: TimestampFormat,
  validationErrorCode: string,
): unknown {
  const fail = (what: string): never => {
    throw validationError(validationErrorCode, [violation(text, path, `Member must be ${what}`)]);
  };
  switch (shape.type) {
    case 'string':
      return text;
    case 'integer':
    case 'long':
      return integer.test(text.trim()) ? Number(text) : fail('a number');
    case 'float':
    case 'double': {
      const t = text.trim();
      if (t === 'NaN') return Number.NaN;
      if (t === 'Infinity') return Number.POSITIVE_INFINITY;
      if (t === '-Infinity') return Number.NEGATIVE_INFINITY;
      return decimal.test(t) ? Number(t) : fail('a number');
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return t === 'true' ? true : t === 'false' ? false : fail('a boolean (true or false)');
    }
    case 'timestamp': {
      const format = timestampFormatOf(ref, shape, timestampDefault);
      const date = parseTimestampText(text);
      return date ?? fail(format === 'rfc822' ? 'an HTTP date' : 'an ISO 8601 timestamp');
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}
