// IAM's wildcards: `*` is any run of characters (none included), `?` is one character. A policy variable's value and
// the `${*}` / `${?}` variables must match literally, so a resolved pattern carries literal `*` and `?` as the two
// control characters below, which no ARN, action or condition value contains; everything that compiles a pattern
// reads them back as plain characters.

export type Matcher = (value: string) => boolean;

/** A `*` that matches only itself. */
export const LITERAL_STAR = '\u0001';
/** A `?` that matches only itself. */
export const LITERAL_QUESTION = '\u0002';

const anything: Matcher = () => true;

export const matchAnything: Matcher = anything;

/** Marks `*` and `?` in text that must match literally (a variable's value). */
export function escapeWildcards(text: string): string {
  if (!text.includes('*') && !text.includes('?')) return text;
  return text.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);
}

/** The plain text of a pattern whose wildcards do not apply (StringEquals and friends). */
export function literalText(pattern: string): string {
  if (!pattern.includes(LITERAL_STAR) && !pattern.includes(LITERAL_QUESTION)) return pattern;
  return pattern.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

const regexSpecial = /[.+^${}()|[\]\\]/g;

/** One character of a pattern as regex source: wildcards as given, the rest escaped. */
export function regexChar(c: string, star: string, question: string): string {
  if (c === '*') return star;
  if (c === '?') return question;
  if (c === LITERAL_STAR) return '\\*';
  if (c === LITERAL_QUESTION) return '\\?';
  return c.replace(regexSpecial, '\\$&');
}

/**
 * Compiles a wildcard pattern. With ignoreCase the caller must lower-case the values it tests (the pattern is
 * lower-cased here), which keeps the common exact and prefix cases to a string comparison.
 */
export function compileGlob(pattern: string, ignoreCase = false): Matcher {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  if (p === '*') return anything;
  const star = p.indexOf('*');
  if (star === -1 && !p.includes('?')) {
    const exact = literalText(p);
    return (v) => v === exact;
  }
  if (star === p.length - 1 && !p.includes('?')) {
    const prefix = literalText(p.slice(0, -1));
    return (v) => v.startsWith(prefix);
  }
  let source = '^';
  for (const c of p) source += regexChar(c, '.*', '.');
  const re = new RegExp(`${source}$`, 's');
  return (v) => re.test(v);
}
