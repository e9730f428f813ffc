import { spawn } from 'node:child_process';
import { gatehouseBin, type Run } from '../support/processes.js';

/** A gatehouse command running in the background: its stderr as it comes, and its end. */
export interface Running {
  /** Resolves with the first match of `pattern` in stderr so far (waiting for more output as needed). */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  stderr(): string;
  readonly done: Promise<Run>;
}

export function startGatehouse(args: readonly string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [gatehouseBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    waiters.splice(0).forEach((wake) => wake());
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code) => {
    waiters.splice(0).forEach((wake) => wake());
    resolve({ code: code ?? 1, stdout, stderr });
  }));
  let exited = false;
  void done.then(() => (exited = true));
  return {
    stderr: () => stderr,
    done,
    async stderrMatch(pattern) {
      for (;;) {
        const match = pattern.exec(stderr);
        if (match) return match;
        if (exited) throw new Error(`gatehouse ${args.join(' ')} ended without printing ${pattern}:\n${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
