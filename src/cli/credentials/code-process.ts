import { spawn, type StdioOptions } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { CliError, exitCodes, usageError } from '../errors.js';

// An MFA code printed by another program: a profile's mfa_process (run by the shell, as aws-vault does: /bin/sh -c,
// cmd.exe /d /s /c on Windows) or `ykman oath accounts code` (run directly). Its stdout, trimmed, is the code and is
// never shown; its stderr (ykman's "Touch your YubiKey...") reaches the person as it comes, on stderr and, when stderr
// is captured (credential_process under the AWS CLI or an SDK), on the controlling terminal too; its last lines are
// kept for the error should it fail.

export interface CodeCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** Run `file` through the system shell (mfa_process is a command line). */
  readonly shell: boolean;
  /** What it is, for messages: "mfa_process of profile ops", "ykman". */
  readonly what: string;
  /** The message when the program is not there (ENOENT; a shell reports its own exit code 127 instead). */
  readonly missing: string;
  /** A line for the person once the program has started (what to do: touch the YubiKey). */
  readonly started?: string;
}

/** The controlling terminal, when stderr does not reach it (a credential_process whose stderr is captured). */
function extraTerminal(): number | undefined {
  if (process.stderr.isTTY || process.platform === 'win32') return undefined;
  try {
    return openSync('/dev/tty', 'r+');
  } catch {
    return undefined; // no controlling terminal: a CI job, a daemon
  }
}

/** Writes a line to stderr, and to the controlling terminal (opened by the caller) when stderr does not go there. */
function tellPerson(message: string, terminal: number | undefined): void {
  process.stderr.write(message);
  if (terminal !== undefined) writeSync(terminal, message);
}

const lastLines = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*[A-Za-z]|[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-3)
    .join(' / ')
    .slice(0, 300);

export function commandCode(command: CodeCommand, env: NodeJS.ProcessEnv): Promise<string> {
  const terminal = extraTerminal();
  // ykman may ask for the OATH password: on the terminal, never on a pipe that is not a person.
  const stdin = process.stdin.isTTY ? 'inherit' : (terminal ?? 'ignore');
  const stdio: StdioOptions = [stdin, 'pipe', 'pipe'];
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command.file, command.args, { shell: command.shell, env, stdio, windowsHide: true });
    let stdout = '';
    let stderr = '';
    if (command.started !== undefined) child.once('spawn', () => tellPerson(command.started!, terminal));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      tellPerson(chunk, terminal);
    });
    let settled = false;
    /** Node reports a program that could not start with 'error' and then 'close': the first one counts. */
    const done = () => {
      if (settled) return false;
      settled = true;
      if (terminal !== undefined) closeSync(terminal);
      return true;
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (!done()) return;
      reject(error.code === 'ENOENT' ? usageError(command.missing) : new CliError(`could not run ${command.what}: ${error.message}`, exitCodes.failure));
    });
    child.on('close', (code, signal) => {
      if (!done()) return;
      if (code !== 0) {
        const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
        const said = lastLines(stderr);
        reject(new CliError(`${command.what} ${how}${said ? `: ${said}` : ' and printed nothing on stderr'}`, exitCodes.failure));
        return;
      }
      const code6 = stdout.trim();
      // The output is not shown: it may be a secret other than the code (a seed, a password) printed by mistake.
      if (!/^\d{6}$/.test(code6)) reject(new CliError(`${command.what} printed no six-digit MFA code on stdout (${code6.length} characters, not shown)`, exitCodes.failure));
      else resolve(code6);
    });
  });
}
