// Edits one section of an AWS config or credentials file and leaves every other byte as it was.

const sectionHeader = /^\s*\[([^\]]+)\]\s*(?:[#;].*)?$/;

/**
 * Returns `text` with section `[name]` holding exactly `entries` (in order). An existing section keeps its place
 * and its comment lines; its key lines are replaced. A missing section is appended at the end.
 */
export function upsertSection(text: string, name: string, entries: Readonly<Record<string, string>>): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.length === 0 ? [] : text.split(/\r?\n/);
  const trailingNewline = text.length === 0 || /\r?\n$/.test(text);
  if (trailingNewline && lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const body = Object.entries(entries).map(([key, value]) => `${key} = ${value}`);

  const start = lines.findIndex((line) => sectionHeader.exec(line)?.[1]?.trim() === name);
  if (start < 0) {
    const out = [...lines];
    if (out.length > 0 && out[out.length - 1]!.trim() !== '') out.push('');
    out.push(`[${name}]`, ...body);
    return out.join(newline) + newline;
  }
  let end = start + 1;
  while (end < lines.length && !sectionHeader.test(lines[end]!)) end++;
  const kept = lines.slice(start + 1, end).filter((line) => /^\s*([#;].*)?$/.test(line));
  const trailingBlank: string[] = [];
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') trailingBlank.unshift(kept.pop()!);
  const out = [...lines.slice(0, start + 1), ...kept, ...body, ...trailingBlank, ...lines.slice(end)];
  return out.join(newline) + (trailingNewline ? newline : '');
}
