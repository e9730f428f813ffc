import { spawn } from 'node:child_process';
import { gatehouseBin, type Run } from '../support/processes.js';

/** A command running in the background: its stderr as it comes, and its end. */
export interface Running {
  /** Resolves with the first match of `pattern` in stderr so far (waiting for more output as needed). */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  stderr(): string;
  /** Its stdout so far (for a command started with startGatehouse). */
  stdout(): string;
  /** Sends a signal (SIGINT: Ctrl-C). */
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<Run>;
}

export function startGatehouse(args: readonly string[], env: NodeJS.ProcessEnv): Running {
  return startProcess(process.execPath, [gatehouseBin, ...args], env);
}

/**
 * `gatehouse <args>` at a terminal: util-linux `script` gives it a pty (stdin, stdout and stderr all the terminal,
 * so what it prints arrives on script's stdout, matched as "stderr" here).
 */
export function startGatehouseAtTerminal(args: readonly string[], env: NodeJS.ProcessEnv): Running {
  const quoted = [process.execPath, gatehouseBin, ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
  return startProcess('/usr/bin/script', ['-qefc', quoted, '/dev/null'], env, true);
}

function startProcess(file: string, args: readonly string[], env: NodeJS.ProcessEnv, mergeStdout = false): Running {
  const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const onStderr = (chunk: Buffer) => {
    stderr += chunk.toString().replaceAll('\r', '');
    waiters.splice(0).forEach((wake) => wake());
  };
  child.stdout.on('data', mergeStdout ? onStderr : (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', onStderr);
  const done = new Promise<Run>((resolve) => child.on('close', (code) => {
    waiters.splice(0).forEach((wake) => wake());
    resolve({ code: code ?? 1, stdout, stderr });
  }));
  let exited = false;
  void done.then(() => (exited = true));
  // What a person would read: a terminal's colour codes removed.
  // eslint-disable-next-line no-control-regex
  const visible = () => stderr.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  return {
    stderr: visible,
    stdout: () => stdout,
    kill: (signal) => void child.kill(signal),
    done,
    async stderrMatch(pattern) {
      for (;;) {
        const match = pattern.exec(visible());
        if (match) return match;
        if (exited) throw new Error(`${file} ${args.join(' ')} ended without printing ${pattern}:\n${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
