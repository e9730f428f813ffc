// Where each statement of a policy document is in its text, as IAM's policy simulator reports it (MatchedStatements'
// StartPosition / EndPosition): 1-based lines and columns, the start at the statement's `{`, the end just after its
// `}`. Read from the source only when a simulation asks, so compiled policies stay as they are. The text is JSON
// that already parsed; anything else gives no positions.

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/** Offsets [start, end) of each value the walk was asked to keep. */
class Scanner {
  private i = 0;
  constructor(private readonly text: string) {}

  private space(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
    if (this.i >= this.text.length) throw new Error('the text ends inside a value');
  }

  private string(): string {
    const from = ++this.i;
    while (this.text[this.i] !== '"') {
      if (this.i >= this.text.length) throw new Error('the text ends inside a string');
      this.i += this.text[this.i] === '\\' ? 2 : 1;
    }
    const raw = this.text.slice(from, this.i++);
    return JSON.parse(`"${raw}"`) as string;
  }

  /** Skips one value; returns its offsets. */
  value(onStatement?: (span: readonly [number, number]) => void): readonly [number, number] {
    this.space();
    const start = this.i;
    const c = this.text[this.i];
    if (c === '{') this.object(undefined);
    else if (c === '[') this.array(onStatement);
    else if (c === '"') this.string();
    else while (this.i < this.text.length && !',}] \t\n\r'.includes(this.text[this.i]!)) this.i++;
    const span = [start, this.i] as const;
    if (c === '{' && onStatement) onStatement(span);
    return span;
  }

  /** The members of an object or array up to `close`, each read by `item`. */
  private members(close: string, item: () => void): void {
    this.i++;
    for (;;) {
      this.space();
      if (this.text[this.i] === close) break;
      if (this.text[this.i] === ',') this.i++;
      else item();
    }
    this.i++;
  }

  /** An object; at the top level, `statements` receives the spans of the Statement member's statements. */
  object(statements: ((span: readonly [number, number]) => void) | undefined): void {
    this.members('}', () => {
      const key = this.string();
      this.space();
      this.i++; // ':'
      this.value(key === 'Statement' ? statements : undefined);
    });
  }

  private array(each: ((span: readonly [number, number]) => void) | undefined): void {
    this.members(']', () => {
      const span = this.value();
      if (each && this.text[span[0]] === '{') each(span);
    });
  }

  start(statements: (span: readonly [number, number]) => void): void {
    this.space();
    if (this.text[this.i] === '{') this.object(statements);
  }
}

/** The spans of the document's statements, in Statement order; empty when the text is not a policy object. */
export function statementSpans(text: string): readonly StatementSpan[] {
  const offsets: (readonly [number, number])[] = [];
  try {
    new Scanner(text).start((span) => offsets.push(span));
  } catch {
    return [];
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const at = (offset: number): TextPosition => {
    let line = lineStarts.length - 1;
    while (line > 0 && lineStarts[line]! > offset) line--;
    return { line: line + 1, column: offset - lineStarts[line]! + 1 };
  };
  return offsets.map(([start, end]) => ({ start: at(start), end: at(end) }));
}
