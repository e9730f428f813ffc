import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI entry point of this checkout (bin/gatehouse.js runs dist/src/cli/main.js). */
export const gatehouseBin = fileURLToPath(new URL('../../../bin/gatehouse.js', import.meta.url));

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion without a shell; never rejects on a non-zero exit. */
export function run(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env: options.env ?? process.env, cwd: options.cwd, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Parses `export K=V` lines as `gatehouse env` and `assume` print them for sh. */
export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!.replace(/;$/, ''); // assume's lines end in ';'
    if (value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1).replaceAll(`'\\''`, "'");
    if (value.startsWith('"')) continue;
    env[match[1]!] = value;
  }
  return env;
}
