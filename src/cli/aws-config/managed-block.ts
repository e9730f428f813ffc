import { usageError } from '../errors.js';
import { parseIni, profileNameOf } from './ini-parse.js';

// The part of ~/.aws/config that `gatehouse populate` owns: one block per sso-session between two marker comments.
// It is replaced whole; every byte before and after it stays as it was (comments, other tools' profiles, Granted's
// and aws-sso-cli's own blocks, CRLF line ends). A new block goes at the end of the file.

const markerPrefix = 'gatehouse populate sso-session=';

export function beginMarker(session: string): string {
  return `# BEGIN ${markerPrefix}${session} (generated: edits inside are replaced by the next gatehouse populate)`;
}

export function endMarker(session: string): string {
  return `# END ${markerPrefix}${session}`;
}

/** The block's [start, end) character offsets: from its BEGIN line to just after its END line's line end. */
export interface BlockRange {
  readonly start: number;
  readonly end: number;
  /** The text between the marker lines. */
  readonly body: string;
}

function isMarker(line: string, kind: 'BEGIN' | 'END', session: string): boolean {
  const prefix = `# ${kind} ${markerPrefix}${session}`;
  return line.trimEnd() === prefix || line.startsWith(`${prefix} `);
}

export function findBlock(text: string, session: string): BlockRange | undefined {
  let offset = 0;
  let start: number | undefined;
  let bodyStart = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    const line = text.slice(offset, newline < 0 ? text.length : newline).replace(/\r$/, '');
    if (start === undefined && isMarker(line, 'BEGIN', session)) {
      start = offset;
      bodyStart = lineEnd;
    } else if (start !== undefined && isMarker(line, 'END', session)) {
      return { start, end: lineEnd, body: text.slice(bodyStart, offset) };
    }
    if (newline < 0) break;
    offset = lineEnd;
  }
  if (start !== undefined) throw usageError(`the gatehouse block of sso-session ${session} has a BEGIN line but no END line: fix the file by hand`);
  return undefined;
}

/** The profiles inside the session's block: name -> keys. */
export function blockProfiles(text: string, session: string): Map<string, ReadonlyMap<string, string>> {
  const block = findBlock(text, session);
  const out = new Map<string, ReadonlyMap<string, string>>();
  if (!block) return out;
  for (const section of parseIni(block.body)) {
    const name = profileNameOf(section.header);
    if (name !== undefined) out.set(name, section.entries);
  }
  return out;
}

/** Names of the profiles outside the session's block (the user's own, other tools', other sessions' blocks). */
export function profilesOutsideBlock(text: string, session: string): Set<string> {
  const block = findBlock(text, session);
  const outside = block ? text.slice(0, block.start) + text.slice(block.end) : text;
  const names = new Set<string>();
  for (const section of parseIni(outside)) {
    const name = profileNameOf(section.header);
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** Returns `text` with the session's block holding `sections` (each a list of lines), or without it when empty. */
export function replaceBlock(text: string, session: string, sections: readonly (readonly string[])[]): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = [beginMarker(session), ...sections.flatMap((section, i) => (i === 0 ? section : ['', ...section])), endMarker(session)];
  const block = sections.length === 0 ? '' : lines.join(newline) + newline;
  const existing = findBlock(text, session);
  if (existing) return text.slice(0, existing.start) + block + text.slice(existing.end);
  if (block === '') return text;
  // Appended: end the last line if needed and leave one blank line before the block.
  let lead = '';
  if (text.length > 0 && !text.endsWith('\n')) lead = newline + newline;
  else if (text.length > 0 && !/\r?\n\r?\n$/.test(text)) lead = newline;
  return text + lead + block;
}
