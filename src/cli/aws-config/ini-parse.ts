// A one-pass reader of ~/.aws/config: section headers, their top-level keys and where each section sits. Fast
// on files of tens of thousands of lines (the SDK's loader is slow there, aws-sdk-js-v3 #4564), and it keeps line
// positions so a writer can change one part and leave every other byte alone.

export interface IniSection {
  /** What is between the brackets, trimmed: `default`, `profile dev`, `sso-session acme`. */
  readonly header: string;
  /** Top-level keys (lower-cased as botocore does not, so as written) to values, inline comments removed. */
  readonly entries: ReadonlyMap<string, string>;
  /** Index of the header line. */
  readonly startLine: number;
  /** Index of the line after the section's last line. */
  readonly endLine: number;
}

const header = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** True when the line is a section header; returns the name between the brackets. */
export function headerName(line: string): string | undefined {
  return header.exec(line)?.[1]?.trim();
}

export function parseIni(text: string): IniSection[] {
  const lines = splitLines(text);
  const sections: IniSection[] = [];
  let current: { header: string; entries: Map<string, string>; startLine: number } | undefined;
  let inSubSection = false;
  const close = (endLine: number) => {
    if (current) sections.push({ ...current, endLine });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const name = headerName(line);
    if (name !== undefined) {
      close(i);
      current = { header: name, entries: new Map(), startLine: i };
      inSubSection = false;
      continue;
    }
    if (!current) continue;
    // Like the SDK: a comment starts a line or follows whitespace.
    const content = line.split(/(?:^|\s)[#;]/)[0]!;
    const eq = content.indexOf('=');
    if (eq <= 0) continue;
    const indented = /^\s/.test(line);
    const key = content.slice(0, eq).trim();
    const value = content.slice(eq + 1).trim();
    if (indented && inSubSection) continue; // a nested key (s3 = \n  max_concurrent_requests = 10)
    inSubSection = value === '';
    if (!inSubSection) current.entries.set(key, value);
  }
  close(lines.length);
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
