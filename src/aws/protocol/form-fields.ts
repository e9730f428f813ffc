// Reading a few named fields of an application/x-www-form-urlencoded text without parsing all of it: the router
// needs only Action and Version of every awsQuery request, while the codec reads the whole form only for operations
// that have input members.

/**
 * The first value of each of `names` in `text` (`a=1&b=2`), decoded exactly as URLSearchParams decodes them ('+' is a
 * space, %XX as UTF-8, a malformed escape kept as written); a name that is absent is absent from the result.
 */
export function formFields(text: string, names: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const length = text.length;
  // URLSearchParams drops one leading '?' of a string it is given.
  for (let start = text.startsWith('?') ? 1 : 0; start < length && found.size < names.length; ) {
    let end = text.indexOf('&', start);
    if (end < 0) end = length;
    if (end > start) {
      let eq = text.indexOf('=', start);
      if (eq < 0 || eq > end) eq = end;
      const key = decodeFormText(text.slice(start, eq));
      if (names.includes(key) && !found.has(key)) found.set(key, decodeFormText(text.slice(Math.min(eq + 1, end), end)));
    }
    start = end + 1;
  }
  return found;
}

/** One form key or value, decoded as URLSearchParams decodes it; most are plain and come back as they are. */
function decodeFormText(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  // URLSearchParams's own decoding, so the router and the codec never read a field differently.
  return new URLSearchParams(`v=${raw}`).get('v') ?? '';
}
