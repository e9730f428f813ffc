import { escapeWildcards, LITERAL_QUESTION, LITERAL_STAR } from './glob.js';
import type { RequestContext } from './request-context.js';

// Policy variables in Resource, NotResource and condition values: `${aws:username}`, `${aws:PrincipalTag/team}`,
// `${key, 'default'}`, and the escapes `${*}`, `${?}`, `${$}` for the literal characters. Only policies with
// Version 2012-10-17 have variables; in older ones `${...}` is plain text. A variable whose key is missing (and has
// no default) or has several values cannot be resolved, and the statement that holds it then does not match.

export interface VariableRef {
  /** Lower-cased condition key. */
  readonly key: string;
  /** The key as the policy writes it (what the simulator reports). */
  readonly name: string;
  readonly fallback: string | undefined;
}

/** Pattern text (wildcards live, literal `*` / `?` marked as glob.ts says) and variables, in order. */
export type Template = readonly (string | VariableRef)[];

const ESCAPES: Readonly<Record<string, string>> = { '*': LITERAL_STAR, '?': LITERAL_QUESTION, $: '$' };
// key, then optionally: comma, a single-quoted default.
const VARIABLE_BODY = /^\s*([^,'\s][^,']*?)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * Parses text that may hold variables: a plain string back when nothing depends on the request (the escapes are
 * resolved here), otherwise a template for resolveTemplate.
 */
export function parseTemplate(text: string, variablesEnabled: boolean): string | Template {
  if (!variablesEnabled || !text.includes('${')) return text;
  const parts: (string | VariableRef)[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const end = start === -1 ? -1 : text.indexOf('}', start + 2);
    if (start === -1 || end === -1) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, start);
    const body = text.slice(start + 2, end);
    const escape = ESCAPES[body];
    const variable = escape === undefined ? VARIABLE_BODY.exec(body) : null;
    if (escape !== undefined) {
      literal += escape;
    } else if (variable?.[1] !== undefined) {
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push({ key: variable[1].toLowerCase(), name: variable[1], fallback: variable[2] });
    } else {
      literal += text.slice(start, end + 1); // not a variable's grammar: keep it as written
    }
    i = end + 1;
  }
  if (literal !== '') parts.push(literal);
  return parts.every((p) => typeof p === 'string') ? parts.join('') : parts;
}

/** The template with its variables' values (as literal text); undefined when a variable cannot be resolved. */
export function resolveTemplate(template: Template, context: RequestContext): string | undefined {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const values = context.get(part.key);
    const value = values?.length === 1 ? values[0] : part.fallback;
    if (value === undefined) return undefined;
    out += escapeWildcards(value);
  }
  return out;
}
