// botocore's `pattern` traits are Java regular expressions, and AWS matches them against the whole value
// (java.util.regex.Matcher#matches). This translates the Java dialect that appears in AWS models into a JS RegExp
// anchored at both ends, compiled once per pattern. What cannot be translated yields undefined, and the validator
// then skips the pattern rather than failing a request on our own limitation.

const cache = new Map<string, RegExp | undefined>();

/** POSIX classes as Java defines them (ASCII only), as character-class content. */
const posix: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

/** Unicode property names Java spells differently (`\p{IsAlphabetic}`, `\p{IsLatin}`, `\p{InGreek}` unsupported). */
function unicodeProperty(name: string): string | undefined {
  if (posix[name] !== undefined) return undefined;
  if (name.startsWith('Is')) return name.slice(2);
  if (name.startsWith('In')) return undefined;
  if (name.startsWith('java')) return undefined;
  return name;
}

const syntaxChars = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const hex = /^[0-9A-Fa-f]$/;

/** Translates Java regex syntax to JS `u`-mode syntax; throws on what it does not know. */
export function translateJavaRegex(source: string): { readonly source: string; readonly flags: string } {
  let out = '';
  let flags = 'u';
  let inClass = false;
  let i = 0;
  const inline = /^\(\?([a-z]+)\)/.exec(source);
  if (inline?.[1]) {
    for (const f of inline[1]) {
      if (f === 'i' || f === 's' || f === 'm') flags += f;
      else throw new Error(`unsupported inline flag ${f}`);
    }
    i = inline[0].length;
  }
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const n = source[i + 1];
      if (n === undefined) throw new Error('trailing backslash');
      if (n === 'u') {
        // Java reads exactly four hex digits; AWS models also write astral code points as \u10000..\u10FFFF, which
        // Java would misread but whose intent is clear. Take 5 or 6 digits only when they name an astral point.
        let digits = '';
        while (digits.length < 6 && hex.test(source[i + 2 + digits.length] ?? '')) digits += source[i + 2 + digits.length];
        let take = 4;
        for (const len of [6, 5]) {
          const cp = digits.length >= len ? parseInt(digits.slice(0, len), 16) : 0;
          if (cp >= 0x10000 && cp <= 0x10ffff) {
            take = len;
            break;
          }
        }
        if (digits.length < 4) throw new Error('bad \\u escape');
        out += `\\u{${digits.slice(0, take)}}`;
        i += 2 + take;
        continue;
      }
      if (n === 'x' && source[i + 2] === '{') {
        const end = source.indexOf('}', i + 3);
        if (end < 0) throw new Error('bad \\x{} escape');
        out += `\\u{${source.slice(i + 3, end)}}`;
        i = end + 1;
        continue;
      }
      if (n === 'p' || n === 'P') {
        const m = /^\{(\w+)\}/.exec(source.slice(i + 2));
        const name = m?.[1];
        if (!m || !name) throw new Error('bad \\p escape');
        const range = posix[name];
        if (range !== undefined) {
          if (n === 'P') {
            if (inClass) throw new Error('negated POSIX class inside a class');
            out += `[^${range}]`;
          } else out += inClass ? range : `[${range}]`;
        } else {
          const prop = unicodeProperty(name);
          if (!prop) throw new Error(`unsupported property ${name}`);
          out += `\\${n}{${prop}}`;
        }
        i += 2 + m[0].length;
        continue;
      }
      if (n === 'A' && !inClass) {
        out += '^';
        i += 2;
        continue;
      }
      if ((n === 'Z' || n === 'z') && !inClass) {
        out += '$';
        i += 2;
        continue;
      }
      if (n === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end < 0 ? undefined : end);
        out += literal.replace(/[\^$\\.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? source.length : end + 2;
        continue;
      }
      if (/[A-Za-z0-9]/.test(n)) {
        if ('dDwWsSbBtnrfv0cx'.includes(n) || /[1-9]/.test(n) || n === 'k') {
          out += `\\${n}`;
          i += 2;
          continue;
        }
        if (n === 'h') {
          out += inClass ? ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000' : '[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]';
          i += 2;
          continue;
        }
        throw new Error(`unsupported escape \\${n}`);
      }
      // Java lets any punctuation be escaped; `u` mode allows only syntax characters (and `-` in a class).
      if (syntaxChars.has(n) || (inClass && n === '-')) out += `\\${n}`;
      else out += n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[') throw new Error('nested character classes');
      if (c === '&' && source[i + 1] === '&') throw new Error('class intersection');
      if (c === ']') inClass = false;
      out += c;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i += 1;
      // A leading ']' (or '^]') is a literal in Java.
      if (source[i] === '^') {
        out += '^';
        i += 1;
      }
      if (source[i] === ']') {
        out += '\\]';
        i += 1;
      }
      continue;
    }
    if (c === '(' && source.startsWith('(?>', i)) {
      out += '(?:';
      i += 3;
      continue;
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && source[i + 1] === '+') {
      // Possessive quantifier: no JS equivalent; greedy matching accepts the same strings for AWS's patterns.
      out += c;
      i += 2;
      continue;
    }
    out += c;
    i += 1;
  }
  if (inClass) throw new Error('unterminated character class');
  return { source: out, flags };
}

/** The whole-value matcher for a model pattern, or undefined when it cannot be compiled. Cached. */
export function compileJavaPattern(pattern: string): RegExp | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  let compiled: RegExp | undefined;
  let translated: { readonly source: string; readonly flags: string } | undefined;
  try {
    translated = translateJavaRegex(pattern);
  } catch {
    // Java semantics we do not translate (class intersection, nested classes, ...): skip the pattern.
    translated = undefined;
  }
  if (translated) {
    try {
      compiled = new RegExp(`^(?:${translated.source})$`, translated.flags);
    } catch {
      // Stricter u-mode syntax only: legacy mode reads an ASCII-only pattern the same way.
      try {
        compiled = /\\[up]\{/i.test(translated.source)
          ? undefined
          : new RegExp(`^(?:${translated.source})$`, translated.flags.replace('u', ''));
      } catch {
        compiled = undefined;
      }
    }
  }
  cache.set(pattern, compiled);
  return compiled;
}
