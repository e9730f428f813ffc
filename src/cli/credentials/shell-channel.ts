import { fstatSync, lstatSync, writeFileSync, writeSync } from 'node:fs';

// How `assume` hands shell code to the function that `gatehouse shell-init` defines: on the file descriptor named
// by GATEHOUSE_EVAL_FD (the function opens it as a pipe and evaluates what arrives), so stdout and stderr stay the
// terminal's: a picker, `--exec`'s command and `--console --url` all work inside the function. Without the function,
// the code goes to stdout for `eval "$(gatehouse assume P)"`. tcsh cannot open a descriptor of its own: its alias
// names an empty file it made (mktemp) in GATEHOUSE_EVAL_FILE instead, and sources it afterwards; so does PowerShell's
// function (GetTempFileName), which cannot open a descriptor for a program either.

/** The descriptor to write shell code to, when the shell function opened one. */
function evalDescriptor(env: NodeJS.ProcessEnv): number | undefined {
  const fd = Number(env['GATEHOUSE_EVAL_FD']);
  if (!Number.isInteger(fd) || fd < 3) return undefined;
  try {
    // Only a pipe or a file the shell opened: never one of node's own descriptors (a stale variable in the environment).
    const info = fstatSync(fd);
    return info.isFIFO() || info.isFile() ? fd : undefined;
  } catch {
    return undefined;
  }
}

/** The file to write shell code to, when the tcsh alias made one: only a regular file of this user's. */
function evalFile(env: NodeJS.ProcessEnv): string | undefined {
  const path = env['GATEHOUSE_EVAL_FILE'];
  if (!path) return undefined;
  try {
    const info = lstatSync(path);
    // Windows has no owner ids (uid 0, no getuid): the file is in the user's own temporary folder there.
    return info.isFile() && (process.getuid === undefined || info.uid === process.getuid()) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** True when the code reaches a shell that evaluates it (the function, or a pipe or `$(...)` on stdout). */
export function evaluated(env: NodeJS.ProcessEnv = process.env): boolean {
  return evalDescriptor(env) !== undefined || evalFile(env) !== undefined || !process.stdout.isTTY;
}

export function emitShellCode(code: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = evalFile(env);
  if (file !== undefined) {
    writeFileSync(file, code);
    return;
  }
  const fd = evalDescriptor(env);
  if (fd === undefined) {
    process.stdout.write(code);
    return;
  }
  const buffer = Buffer.from(code);
  for (let offset = 0; offset < buffer.length; ) offset += writeSync(fd, buffer, offset);
}
