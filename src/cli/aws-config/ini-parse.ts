// A reader of ~/.aws/config: section headers and where each section sits, found in one pass over the lines; a
// section's keys are read only when asked for. A cached `assume` in a file of thousands of profiles reads one
// section, not all of them (the SDK's loader is slow on such files, aws-sdk-js-v3 #4564; Granted #172).

const header = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;

export class IniSection {
  #entries: Map<string, string> | undefined;

  constructor(
    /** What is between the brackets, trimmed: `default`, `profile dev`, `sso-session acme`. */
    readonly header: string,
    private readonly lines: readonly string[],
    /** Index of the header line. */
    readonly startLine: number,
    /** Index of the line after the section's last line. */
    readonly endLine: number,
  ) {}

  /** Top-level keys to values, inline comments removed; nested keys (`s3 =` then indented lines) left out. */
  get entries(): ReadonlyMap<string, string> {
    return (this.#entries ??= parseEntries(this.lines, this.startLine + 1, this.endLine));
  }
}

function parseEntries(lines: readonly string[], from: number, to: number): Map<string, string> {
  const entries = new Map<string, string>();
  let inSubSection = false;
  for (let i = from; i < to; i++) {
    let line = lines[i]!;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    // Like the SDK: a comment starts a line or follows whitespace.
    if (line.includes('#') || line.includes(';')) line = line.split(/(?:^|\s)[#;]/)[0]!;
    if (eq >= line.length) continue; // the '=' was in the comment
    const key = line.slice(0, eq).trim();
    if (key === '') continue;
    const value = line.slice(eq + 1).trim();
    const indented = line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9;
    if (indented && inSubSection) continue;
    inSubSection = value === '';
    if (!inSubSection) entries.set(key, value);
  }
  return entries;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** True when the line is a section header; returns the name between the brackets. */
export function headerName(line: string): string | undefined {
  // Cheap test first: most lines are keys.
  const first = line.trimStart().charCodeAt(0);
  if (first !== 91 /* [ */) return undefined;
  return header.exec(line)?.[1]?.trim();
}

export function parseIni(text: string): IniSection[] {
  const lines = splitLines(text);
  const sections: IniSection[] = [];
  let name: string | undefined;
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const found = headerName(lines[i]!);
    if (found === undefined) continue;
    if (name !== undefined) sections.push(new IniSection(name, lines, start, i));
    name = found;
    start = i;
  }
  if (name !== undefined) sections.push(new IniSection(name, lines, start, lines.length));
  return sections;
}

/** `profile dev` -> dev, `default` -> default; undefined for other sections. */
export function profileNameOf(sectionHeader: string): string | undefined {
  if (sectionHeader === 'default') return 'default';
  const match = /^profile\s+(.+)$/.exec(sectionHeader);
  return match ? match[1]!.trim() : undefined;
}

/** `sso-session acme` -> acme. */
export function ssoSessionNameOf(sectionHeader: string): string | undefined {
  const match = /^sso-session\s+(.+)$/.exec(sectionHeader);
  return match ? match[1]!.trim() : undefined;
}
