import { execFile } from 'node:child_process';
import { arch, cpus, release, totalmem, type as osType } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Machine {
  readonly os: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly python: string;
  readonly moto: string;
}

async function output(command: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 30_000 });
    return (stdout || stderr).trim();
  } catch {
    return 'unavailable';
  }
}

export async function describeMachine(python: string): Promise<Machine> {
  const cores = cpus();
  return {
    os: `${osType()} ${release()} ${arch()}`,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    python: (await output(python, ['--version'])).replace(/^Python /, ''),
    moto: await output(python, ['-c', 'import moto; print(moto.__version__)']),
  };
}

export interface SourceVersion {
  readonly commit: string;
  /** True when the working tree differs from the commit: the measured code is not exactly `commit`. */
  readonly dirty: boolean;
}

export async function sourceVersion(repoRoot: string): Promise<SourceVersion> {
  const commit = await output('git', ['-C', repoRoot, 'rev-parse', 'HEAD']);
  const status = await output('git', ['-C', repoRoot, 'status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json']);
  return { commit, dirty: status !== '' && status !== 'unavailable' };
}
