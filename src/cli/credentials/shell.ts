import { usageError } from '../errors.js';

// Shell code that sets or clears variables in the caller's shell, quoted so any value survives: POSIX single quotes
// for bash and zsh ('\'' for a quote), fish's single quotes (only \\ and \' are special there).

export const shells = ['bash', 'zsh', 'fish', 'sh'] as const;
export type Shell = (typeof shells)[number];

export function parseShell(value: string): Shell {
  const name = value.replace(/^.*\//, '');
  if ((shells as readonly string[]).includes(name)) return name as Shell;
  throw usageError(`unknown shell '${value}': use bash, zsh or fish`);
}

/** A shell with functions and completion (shell-init, completion): not plain sh. */
export function parseInteractiveShell(value: string): Exclude<Shell, 'sh'> {
  const shell = parseShell(value);
  if (shell === 'sh') throw usageError('use bash, zsh or fish');
  return shell;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quote(shell: Shell, value: string): string {
  if (shell === 'fish') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function checkName(name: string): string {
  if (!variableName.test(name)) throw new Error(`not a variable name: ${name}`);
  return name;
}

export function exportLine(shell: Shell, name: string, value: string): string {
  return shell === 'fish' ? `set -gx ${checkName(name)} ${quote(shell, value)};` : `export ${checkName(name)}=${quote(shell, value)};`;
}

export function unsetLine(shell: Shell, name: string): string {
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
