import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { CliError, exitCodeHelp, exitCodes } from './errors.js';

// The `gatehouse` command. Each command lives in commands/<name>.ts and registers itself; only the modules the
// invocation needs are loaded (the named command, or all of them for help and completion), and heavy ones (the
// server, the AWS SDK) only by the actions that use them, so a command starts about as fast as node itself.

/** The package version (dist/src/cli -> ../../../package.json), read without loading the server. */
const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const program = new Command()
  .name('gatehouse')
  .description('A self-hosted AWS Organizations, IAM Identity Center, SSO portal and STS, and a CLI for short-lived credentials.')
  .version(version, '-v, --version')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', `\n${exitCodeHelp}\n\nColour only on a terminal, never with NO_COLOR set.`)
  .exitOverride();

// `gatehouse profiles | head -1`: a reader that goes away is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(exitCodes.ok);
  throw error;
});

type Register = (program: Command) => void;

/** Every command, in the order help lists them: the server side, then the developer CLI (a pure AWS client). */
const commands: Readonly<Record<string, () => Promise<Register>>> = {
  serve: async () => (await import('./commands/serve.js')).registerServe,
  env: async () => (await import('./commands/env.js')).registerEnv,
  accounts: async () => (await import('./commands/accounts.js')).registerAccounts,
  'identity-center': async () => (await import('./commands/identity-center.js')).registerIdentityCenter,
  access: async () => (await import('./commands/access.js')).registerAccess,
  login: async () => (await import('./commands/login.js')).registerLogin,
  logout: async () => (await import('./commands/logout.js')).registerLogout,
  populate: async () => (await import('./commands/populate.js')).registerPopulate,
  registry: async () => (await import('./commands/registry.js')).registerRegistry,
  assume: async () => (await import('./commands/assume.js')).registerAssume,
  'credential-process': async () => (await import('./commands/credential-process.js')).registerCredentialProcess,
  'credential-server': async () => (await import('./commands/credential-server.js')).registerCredentialServer,
  profiles: async () => (await import('./commands/profiles.js')).registerProfiles,
  status: async () => (await import('./commands/status.js')).registerStatus,
  browser: async () => (await import('./commands/browser.js')).registerBrowser,
  'shell-init': async () => (await import('./commands/shell-init.js')).registerShellInit,
  completion: async () => (await import('./commands/completion.js')).registerCompletion,
};

/** The commands this invocation needs defined. */
function needed(argv: readonly string[]): string[] {
  const all = Object.keys(commands);
  const first = argv.find((arg) => !arg.startsWith('-'));
  if (first === undefined) return argv.some((arg) => arg === '-v' || arg === '--version') ? [] : all;
  if (first === 'shell-init') return ['assume', 'shell-init']; // it completes assume's options
  return Object.hasOwn(commands, first) && first !== 'completion' ? [first] : all; // unknown: all, for "did you mean"
}

for (const register of await Promise.all(needed(process.argv.slice(2)).map((name) => commands[name]!()))) register(program);
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
