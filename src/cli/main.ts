import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { registerAccounts } from './commands/accounts.js';
import { registerAssume } from './commands/assume.js';
import { registerCompletion } from './commands/completion.js';
import { registerCredentialProcess } from './commands/credential-process.js';
import { registerEnv } from './commands/env.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerPopulate } from './commands/populate.js';
import { registerProfiles } from './commands/profiles.js';
import { registerServe } from './commands/serve.js';
import { registerShellInit } from './commands/shell-init.js';
import { CliError, exitCodeHelp, exitCodes } from './errors.js';

// The `gatehouse` command. Each command lives in commands/<name>.ts and registers itself here; modules that are
// heavy to load (the server, the AWS SDK) are imported by the actions that need them, so every command starts fast.

/** The package version (dist/src/cli -> ../../../package.json), read without loading the server. */
const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const program = new Command()
  .name('gatehouse')
  .description('A self-hosted AWS Organizations, IAM Identity Center, SSO portal and STS, and a CLI for short-lived credentials.')
  .version(version, '-v, --version')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', `\n${exitCodeHelp}\n\nColour only on a terminal, never with NO_COLOR set.`)
  .exitOverride();

const commands = [
  // the server side
  registerServe,
  registerEnv,
  registerAccounts,
  // the developer CLI: a pure AWS client
  registerLogin,
  registerLogout,
  registerPopulate,
  registerAssume,
  registerCredentialProcess,
  registerProfiles,
  registerShellInit,
  registerCompletion,
];
for (const register of commands) register(program);
for (const command of program.commands) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; commander has already printed usage errors.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`gatehouse: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`gatehouse: ${(error as Error).message}\n`);
  return exitCodes.failure;
}
