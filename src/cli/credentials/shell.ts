import { usageError } from '../errors.js';

// Shell code that sets or clears variables in the caller's shell, quoted so any value survives: POSIX single quotes
// for bash and zsh ('\'' for a quote), fish's single quotes (only \\ and \' are special there), csh's single quotes
// ('\'' too, and a backslash before ! and a newline, which history substitution and the parser would take).

export const shells = ['bash', 'zsh', 'fish', 'tcsh', 'sh'] as const;
export type Shell = (typeof shells)[number];

export function parseShell(value: string): Shell {
  const name = value.replace(/^.*\//, '').replace(/^csh$/, 'tcsh'); // csh is tcsh wherever it is still installed
  if ((shells as readonly string[]).includes(name)) return name as Shell;
  throw usageError(`unknown shell '${value}': use bash, zsh, fish or tcsh`);
}

/** A shell with functions and completion (shell-init, completion): not plain sh. */
export function parseInteractiveShell(value: string): Exclude<Shell, 'sh'> {
  const shell = parseShell(value);
  if (shell === 'sh') throw usageError('use bash, zsh, fish or tcsh');
  return shell;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quote(shell: Shell, value: string): string {
  if (shell === 'fish') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (shell === 'tcsh') return `'${value.replaceAll("'", `'\\''`).replaceAll('!', '\\!').replaceAll('\n', '\\\n')}'`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function checkName(name: string): string {
  if (!variableName.test(name)) throw new Error(`not a variable name: ${name}`);
  return name;
}

export function exportLine(shell: Shell, name: string, value: string): string {
  if (shell === 'tcsh') return `setenv ${checkName(name)} ${quote(shell, value)};`;
  return shell === 'fish' ? `set -gx ${checkName(name)} ${quote(shell, value)};` : `export ${checkName(name)}=${quote(shell, value)};`;
}

export function unsetLine(shell: Shell, name: string): string {
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
