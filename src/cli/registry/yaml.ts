// The YAML a registry's granted.yml is written in: block mappings and sequences (a sequence may sit at its key's
// indentation), flow collections (`[a, b]`, `{k: v}`, which may run over several lines), plain, 'single' and
// "double" quoted scalars, comments and a leading `---`. Scalars stay strings (`true` is 'true'), as the Go struct
// Granted decodes into holds strings; an empty value is null. Anchors, aliases, tags and block scalars (| >) are
// refused with the line, rather than read wrongly.

export class YamlError extends Error {}

interface Line {
  indent: number;
  text: string;
  readonly no: number;
}

export function parseYaml(source: string): unknown {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const no = index + 1;
    const text = stripComment(raw, no).trimEnd();
    if (text.trim() === '' || (lines.length === 0 && /^---\s*$/.test(text))) return;
    if (raw.slice(0, raw.length - raw.trimStart().length).includes('\t')) throw new YamlError(`line ${no}: indent with spaces, not tabs`);
    if (/^(\.\.\.|---)\s*$/.test(text)) throw new YamlError(`line ${no}: one document only`);
    const indent = text.length - text.trimStart().length;
    lines.push({ indent, text: text.trimStart(), no });
  });
  if (lines.length === 0) return null;
  const parser = new Parser(lines);
  const value = parser.node(lines[0]!.indent);
  parser.expectEnd();
  return value;
}

/**
 * Calls `visit` with each character outside quotes, until it returns true; a quote opens where `opens` allows.
 * Returns whether a quote was left open.
 */
function eachUnquoted(text: string, opens: (i: number) => boolean, visit: (c: string, i: number) => boolean | void): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && opens(i)) quote = c;
    else if (visit(c, i) === true) return false;
  }
  return quote !== undefined;
}

/** The line without its comment: a # at the start or after whitespace, outside quotes. */
function stripComment(line: string, no: number): string {
  let cut = line.length;
  const open = eachUnquoted(line, (i) => i === 0 || /[\s[{,:-]/.test(line[i - 1]!), (c, i) => {
    if (c !== '#' || (i > 0 && !/\s/.test(line[i - 1]!))) return false;
    cut = i;
    return true;
  });
  if (open) throw new YamlError(`line ${no}: a quoted value must end on its line`);
  return line.slice(0, cut);
}

const isItem = (text: string) => text === '-' || text.startsWith('- ');

class Parser {
  private pos = 0;

  constructor(private readonly lines: Line[]) {}

  expectEnd(): void {
    const line = this.lines[this.pos];
    if (line) throw new YamlError(`line ${line.no}: unexpected indentation or content`);
  }

  node(indent: number): unknown {
    const line = this.lines[this.pos]!;
    if (line.indent !== indent) throw new YamlError(`line ${line.no}: unexpected indentation`);
    if (isItem(line.text)) return this.sequence(indent);
    if (keyOf(line.text) === undefined) {
      this.pos++;
      return this.inline(line.text, line);
    }
    return this.mapping(indent);
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.lines[this.pos]; line && line.indent === indent && isItem(line.text); line = this.lines[this.pos]) {
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.pos++;
        const next = this.lines[this.pos];
        items.push(next && next.indent > indent ? this.node(next.indent) : null);
      } else if (isItem(rest) || keyOf(rest) !== undefined) {
        // `- key: value` (or `- - x`): a collection whose first line starts after the dash.
        line.indent = indent + (line.text.length - rest.length);
        line.text = rest;
        items.push(this.node(line.indent));
      } else {
        this.pos++;
        items.push(this.inline(rest, line));
      }
    }
    return items;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.lines[this.pos]; line && line.indent === indent && !isItem(line.text); line = this.lines[this.pos]) {
      const split = keyOf(line.text);
      if (split === undefined) throw new YamlError(`line ${line.no}: expected key: value`);
      const [rawKey, rest] = split;
      const key = scalar(rawKey, line) ?? '';
      if (Object.hasOwn(out, key)) throw new YamlError(`line ${line.no}: ${key} appears twice`);
      this.pos++;
      if (rest !== '') {
        out[key] = this.inline(rest, line);
        continue;
      }
      const next = this.lines[this.pos];
      if (next && next.indent > indent) out[key] = this.node(next.indent);
      else if (next && next.indent === indent && isItem(next.text)) out[key] = this.sequence(indent);
      else out[key] = null;
    }
    return out;
  }

  /** A value on one line: a flow collection (continued on the next lines until it closes) or a scalar. */
  private inline(text: string, line: Line): unknown {
    if (!text.startsWith('[') && !text.startsWith('{')) return scalar(text, line);
    let all = text;
    while (!balanced(all)) {
      const next = this.lines[this.pos];
      if (!next) throw new YamlError(`line ${line.no}: ${text[0]} is never closed`);
      all += ` ${next.text}`;
      this.pos++;
    }
    const flow = new Flow(all, line);
    const value = flow.value();
    flow.end();
    return value;
  }
}

/** `key: rest` split at the first `: ` (or a final `:`) outside quotes; undefined when not a key. */
function keyOf(text: string): [string, string] | undefined {
  if (text.startsWith('[') || text.startsWith('{')) return undefined;
  let found: [string, string] | undefined;
  eachUnquoted(text, (i) => i === 0, (c, i) => {
    if (c !== ':' || (i < text.length - 1 && text[i + 1] !== ' ')) return false;
    found = [text.slice(0, i).trim(), text.slice(i + 1).trim()];
    return true;
  });
  return found;
}

function balanced(text: string): boolean {
  let depth = 0;
  eachUnquoted(text, () => true, (c) => {
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  });
  return depth <= 0;
}

/** A scalar: quoted (with its escapes), or plain and trimmed; an empty one or `~`/`null` is null. */
function scalar(text: string, line: Line): string | null {
  const value = text.trim();
  if (value === '' || value === '~' || value === 'null') return null;
  if (/^[&*!|>%@`]/.test(value)) throw new YamlError(`line ${line.no}: anchors, aliases, tags and block scalars (${value[0]}) are not read here: write the value out`);
  if (value.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(value)) throw new YamlError(`line ${line.no}: unterminated or stray quote in ${value}`);
    return value.slice(1, -1).replaceAll("''", "'");
  }
  if (value.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(value)) throw new YamlError(`line ${line.no}: unterminated or stray quote in ${value}`);
    return value.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
      if (e.startsWith('u') && e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ' };
      if (escapes[e] === undefined) throw new YamlError(`line ${line.no}: unknown escape \\${e}`);
      return escapes[e];
    });
  }
  return value;
}

/** Flow collections: [a, "b", {k: v}] and {k: v, l: [x]}. */
class Flow {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly line: Line,
  ) {}

  end(): void {
    this.space();
    if (this.i < this.text.length) throw this.error(`unexpected ${this.text.slice(this.i)}`);
  }

  value(): unknown {
    this.space();
    const c = this.text[this.i];
    if (c === '[') return this.list();
    if (c === '{') return this.map();
    return this.plain(/[,\]}]/);
  }

  private list(): unknown[] {
    const items: unknown[] = [];
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] === ']') break;
      items.push(this.value());
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ']') throw this.error('expected , or ]');
    }
    this.i++;
    return items;
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] === '}') break;
      const key = this.plain(/:(?=[\s,}\]]|$)|[,}]/) ?? '';
      this.space();
      let value: unknown = null;
      if (this.text[this.i] === ':') {
        this.i++;
        value = this.value();
      }
      out[key] = value;
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== '}') throw this.error('expected , or }');
    }
    this.i++;
    return out;
  }

  /** A scalar up to `stop` (quoted ones to their closing quote). */
  private plain(stop: RegExp): string | null {
    const rest = this.text.slice(this.i);
    const quoted = /^"(?:[^"\\]|\\.)*"|^'(?:[^']|'')*'/.exec(rest);
    const length = quoted ? quoted[0].length : (() => {
      const found = stop.exec(rest);
      return found ? found.index : rest.length;
    })();
    this.i += length;
    return scalar(rest.slice(0, length), this.line);
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }

  private error(message: string): YamlError {
    return new YamlError(`line ${this.line.no}: ${message} in ${this.text}`);
  }
}
