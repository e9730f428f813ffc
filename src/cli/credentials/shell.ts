import { usageError } from '../errors.js';

// Shell code that sets or clears variables in the caller's shell, quoted so any value survives: POSIX single quotes
// for bash and zsh ('\'' for a quote), fish's single quotes (only \\ and \' are special there), csh's single quotes
// ('\'' too, and a backslash before ! and a newline, which history substitution and the parser would take), and
// PowerShell's verbatim strings (every single-quote character doubled: the language counts U+2018..U+201B as quotes
// too; nothing else is special, newlines included).

export const shells = ['bash', 'zsh', 'fish', 'tcsh', 'powershell', 'sh'] as const;
export type Shell = (typeof shells)[number];

export function parseShell(value: string): Shell {
  // csh is tcsh wherever it is still installed; pwsh (PowerShell 7) is powershell; a path or pwsh.exe names one too.
  const name = value.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '').toLowerCase().replace(/^csh$/, 'tcsh').replace(/^pwsh$/, 'powershell');
  if ((shells as readonly string[]).includes(name)) return name as Shell;
  throw usageError(`unknown shell '${value}': use bash, zsh, fish, tcsh or powershell`);
}

/** A shell with functions and completion (shell-init, completion): not plain sh. */
export function parseInteractiveShell(value: string): Exclude<Shell, 'sh'> {
  const shell = parseShell(value);
  if (shell === 'sh') throw usageError('use bash, zsh, fish, tcsh or powershell');
  return shell;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** PowerShell's single-quote-character: ' and the typographic single quotes U+2018, U+2019, U+201A, U+201B. */
const powershellQuotes = /['\u2018\u2019\u201a\u201b]/g;

export function quote(shell: Shell, value: string): string {
  if (shell === 'powershell') return `'${value.replace(powershellQuotes, '$&$&')}'`;
  if (shell === 'fish') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (shell === 'tcsh') return `'${value.replaceAll("'", `'\\''`).replaceAll('!', '\\!').replaceAll('\n', '\\\n')}'`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function checkName(name: string): string {
  if (!variableName.test(name)) throw new Error(`not a variable name: ${name}`);
  return name;
}

export function exportLine(shell: Shell, name: string, value: string): string {
  if (shell === 'powershell') return `$Env:${checkName(name)} = ${quote(shell, value)};`;
  if (shell === 'tcsh') return `setenv ${checkName(name)} ${quote(shell, value)};`;
  return shell === 'fish' ? `set -gx ${checkName(name)} ${quote(shell, value)};` : `export ${checkName(name)}=${quote(shell, value)};`;
}

export function unsetLine(shell: Shell, name: string): string {
  if (shell === 'powershell') return `Remove-Item -LiteralPath Env:${checkName(name)} -ErrorAction SilentlyContinue;`;
  if (shell === 'tcsh') return `unsetenv ${checkName(name)};`;
  return shell === 'fish' ? `set -e ${checkName(name)};` : `unset ${checkName(name)};`;
}

/** Lines that set each defined value and unset each undefined one. */
export function shellCode(shell: Shell, variables: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(variables)
    .map(([name, value]) => (value === undefined ? unsetLine(shell, name) : exportLine(shell, name, value)))
    .join('\n') + '\n';
}

/** A .env file (docker, dotenv): KEY="value" with the escapes dotenv parsers read back. */
export function dotenv(variables: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(variables)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${checkName(name)}="${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`)
    .join('\n') + '\n';
}
