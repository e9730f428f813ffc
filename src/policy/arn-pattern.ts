import { compileGlob, hasWildcard, literalText, matchAnything, regexChar, type Matcher } from './glob.js';

// ARN patterns as the Resource element, NotResource and the Arn* condition operators read them. An ARN is six
// colon-separated segments: arn:partition:service:region:account:resource, where the resource part may itself hold
// colons. partition, service, region and account compare case-insensitively, the resource part case-sensitively.
// Wildcards apply within a segment, except that a `*` which ends a segment may run across the colons after it (the
// IAM User Guide, "Using wildcards in resource ARNs"): `arn:aws:s3:*` covers every S3 ARN. A pattern that is not an
// ARN (`*`, or a bare name some services use) compares as a whole.

const HEAD_SEGMENTS = 5; // arn, partition, service, region, account

/** Splits at the first five colons: [arn, partition, service, region, account, resource] (fewer when it has fewer). */
function segments(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < HEAD_SEGMENTS; i++) {
    const colon = text.indexOf(':', from);
    if (colon === -1) break;
    out.push(text.slice(from, colon));
    from = colon + 1;
  }
  out.push(text.slice(from));
  return out;
}

/** The ARN with its case-insensitive segments lower-cased: two ARNs are the same resource when these are equal. */
export function normalizeArn(arn: string): string {
  const parts = segments(arn);
  if (parts.length <= HEAD_SEGMENTS) return arn;
  const resource = parts.pop() ?? '';
  return `${parts.join(':').toLowerCase()}:${resource}`;
}

function isArn(text: string): boolean {
  return text.length >= 4 && text.slice(0, 4).toLowerCase() === 'arn:';
}

/** A case-insensitive letter as a regex class ([aA]); anything else as regexChar gives it. */
function caseless(c: string, star: string, question: string): string {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  return lower !== upper ? `[${lower}${upper}]` : regexChar(c, star, question);
}

export function compileArnPattern(pattern: string): Matcher {
  if (pattern === '*') return matchAnything;
  if (!isArn(pattern)) return compileGlob(pattern);
  if (!hasWildcard(pattern)) {
    const exact = normalizeArn(literalText(pattern));
    return (v) => normalizeArn(v) === exact;
  }
  const parts = segments(pattern);
  let source = '^';
  parts.forEach((segment, i) => {
    if (i > 0) source += ':';
    if (i >= HEAD_SEGMENTS) {
      for (const c of segment) source += regexChar(c, '.*', '.');
      return;
    }
    for (let j = 0; j < segment.length; j++) {
      const c = segment[j] ?? '';
      // A `*` ending a segment may run on across colons; elsewhere wildcards stay inside the segment.
      const star = j === segment.length - 1 ? '.*' : '[^:]*';
      source += caseless(c, star, '[^:]');
    }
  });
  const re = new RegExp(`${source}$`, 's');
  return (v) => re.test(v);
}
