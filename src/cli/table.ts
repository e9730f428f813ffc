// Plain text tables for people: columns padded to their widest cell, two spaces apart, no trailing blanks.

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n') + '\n';
}
