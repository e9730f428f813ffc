import { usageError } from '../errors.js';
import { parseIni, profileNameOf } from './ini-parse.js';

// The parts of ~/.aws/config that gatehouse owns: blocks between two marker comments, one per sso-session that
// `gatehouse populate` wrote and one per profile registry that `gatehouse registry` merged. A block is replaced
// whole; every byte before and after it stays as it was (comments, other tools' profiles, Granted's and
// aws-sso-cli's own blocks, CRLF line ends). A new block goes at the end of the file.

/** A kind of block: what follows `# BEGIN ` and `# END ` before the block's name, and the note after BEGIN's name. */
export interface BlockKind {
  readonly tag: string;
  readonly note: string;
  /** What the name names, for messages: `sso-session`, `registry`. */
  readonly what: string;
}

export const populateBlocks: BlockKind = {
  tag: 'gatehouse populate sso-session=',
  note: 'generated: edits inside are replaced by the next gatehouse populate',
  what: 'sso-session',
};

export const registryBlocks: BlockKind = {
  tag: 'gatehouse registry=',
  note: 'from a profile registry: edits inside are replaced by the next gatehouse registry sync',
  what: 'registry',
};

export function beginMarker(name: string, kind: BlockKind = populateBlocks): string {
  return `# BEGIN ${kind.tag}${name} (${kind.note})`;
}

export function endMarker(name: string, kind: BlockKind = populateBlocks): string {
  return `# END ${kind.tag}${name}`;
}

/** The block's [start, end) character offsets: from its BEGIN line to just after its END line's line end. */
export interface BlockRange {
  readonly start: number;
  readonly end: number;
  /** The text between the marker lines. */
  readonly body: string;
}

function isMarker(line: string, kind: BlockKind, which: 'BEGIN' | 'END', name: string): boolean {
  const prefix = `# ${which} ${kind.tag}${name}`;
  return line.trimEnd() === prefix || line.startsWith(`${prefix} `);
}

/** Calls `visit` with each line (without its line end) and the offsets of its start and of the next line. */
function eachLine(text: string, visit: (line: string, start: number, next: number) => boolean | void): void {
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const next = newline < 0 ? text.length : newline + 1;
    if (visit(text.slice(offset, newline < 0 ? text.length : newline).replace(/\r$/, ''), offset, next) === true) return;
    if (newline < 0) return;
    offset = next;
  }
}

export function findBlock(text: string, name: string, kind: BlockKind = populateBlocks): BlockRange | undefined {
  let start: number | undefined;
  let bodyStart = 0;
  let found: BlockRange | undefined;
  eachLine(text, (line, offset, next) => {
    if (start === undefined && isMarker(line, kind, 'BEGIN', name)) {
      start = offset;
      bodyStart = next;
    } else if (start !== undefined && isMarker(line, kind, 'END', name)) {
      found = { start, end: next, body: text.slice(bodyStart, offset) };
      return true;
    }
    return false;
  });
  if (!found && start !== undefined) throw usageError(`the gatehouse block of ${kind.what} ${name} has a BEGIN line but no END line: fix the file by hand`);
  return found;
}

/**
 * The marker a line is, of any block of this kind: BEGIN or END and the name's first word (a name holding a space
 * is cut there, which is enough to say whose block it is); undefined for any other line.
 */
export function markerOf(line: string, kind: BlockKind): { readonly which: 'BEGIN' | 'END'; readonly name: string } | undefined {
  const which = line.startsWith(`# BEGIN ${kind.tag}`) ? 'BEGIN' : line.startsWith(`# END ${kind.tag}`) ? 'END' : undefined;
  return which && { which, name: line.slice(`# ${which} ${kind.tag}`.length).split(' ')[0]!.trimEnd() };
}

/** The names of every block of this kind in the file, in file order. */
export function blockNames(text: string, kind: BlockKind): string[] {
  const names: string[] = [];
  eachLine(text, (line) => {
    const marker = markerOf(line, kind);
    if (marker?.which === 'BEGIN' && marker.name !== '' && !names.includes(marker.name)) names.push(marker.name);
  });
  return names;
}

/** `text` without the named blocks of this kind (for what lies outside them). */
export function withoutBlocks(text: string, names: Iterable<string>, kind: BlockKind): string {
  let out = text;
  for (const name of names) {
    const block = findBlock(out, name, kind);
    if (block) out = out.slice(0, block.start) + out.slice(block.end);
  }
  return out;
}

/** The profiles inside the session's block: name -> keys. */
export function blockProfiles(text: string, session: string, kind: BlockKind = populateBlocks): Map<string, ReadonlyMap<string, string>> {
  const block = findBlock(text, session, kind);
  const out = new Map<string, ReadonlyMap<string, string>>();
  if (!block) return out;
  for (const section of parseIni(block.body)) {
    const name = profileNameOf(section.header);
    if (name !== undefined) out.set(name, section.entries);
  }
  return out;
}

/** Names of the profiles outside the session's block (the user's own, other tools', other sessions' blocks). */
export function profilesOutsideBlock(text: string, session: string, kind: BlockKind = populateBlocks): Set<string> {
  const names = new Set<string>();
  for (const section of parseIni(withoutBlocks(text, [session], kind))) {
    const name = profileNameOf(section.header);
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** Returns `text` with the named block holding `sections` (each a list of lines), or without it when empty. */
export function replaceBlock(text: string, name: string, sections: readonly (readonly string[])[], kind: BlockKind = populateBlocks): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = [beginMarker(name, kind), ...sections.flatMap((section, i) => (i === 0 ? section : ['', ...section])), endMarker(name, kind)];
  const block = sections.length === 0 ? '' : lines.join(newline) + newline;
  const existing = findBlock(text, name, kind);
  if (existing) return text.slice(0, existing.start) + block + text.slice(existing.end);
  if (block === '') return text;
  // Appended: end the last line if needed and leave one blank line before the block.
  let lead = '';
  if (text.length > 0 && !text.endsWith('\n')) lead = newline + newline;
  else if (text.length > 0 && !/\r?\n\r?\n$/.test(text)) lead = newline;
  return text + lead + block;
}
