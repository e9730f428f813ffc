import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CliError, exitCodes } from '../errors.js';
import type { Variables } from './variables.js';

// `assume --exec -- cmd args`: the command runs with the role's credentials in its environment only, with this
// terminal; Ctrl-C reaches it (same process group) and gatehouse waits for it and exits with its status.

/** Variables of gatehouse's own shell protocol, never passed on. */
const internal = ['GATEHOUSE_EVAL_FD', 'GATEHOUSE_EVAL_FILE', 'GATEHOUSE_SHELL'];

export function childEnvironment(variables: Variables, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of internal) delete env[name];
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export function runWithCredentials(command: readonly string[], variables: Variables): Promise<number> {
  const [file, ...args] = command;
  if (!file) throw new CliError('--exec needs a command after --', exitCodes.usage);
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    const done = () => {
      process.removeListener('SIGINT', ignore);
      process.removeListener('SIGTERM', ignore);
    };
    // Windows starts only programs (.exe) without a shell: npm's commands are .cmd files, which need cmd.exe.
    const batch = process.platform === 'win32' ? ` (a .cmd or .bat command, such as one npm installed, runs through cmd: --exec -- cmd /d /c ${file} ...)` : '';
    const failed = (error: NodeJS.ErrnoException) => {
      done();
      if (error.code === 'ENOENT') reject(new CliError(`command not found: ${file}${batch}`, exitCodes.commandNotFound));
      else if (error.code === 'EINVAL' && batch) reject(new CliError(`cannot start ${file} without a shell${batch}`, exitCodes.commandNotFound));
      else reject(error);
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { stdio: 'inherit', env: childEnvironment(variables) });
    } catch (error) {
      failed(error as NodeJS.ErrnoException); // Node refuses a .cmd or .bat at once (EINVAL), before any 'error' event
      return;
    }
    child.on('error', failed);
    child.on('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
