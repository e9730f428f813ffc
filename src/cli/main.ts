import { Command } from 'commander';
import { version } from '../server/version.js';
import { registerAccounts } from './commands/accounts.js';
import { registerEnv } from './commands/env.js';
import { registerIdentityCenter } from './commands/identity-center.js';
import { registerServe } from './commands/serve.js';

// The `gatehouse` command. Each command lives in commands/<name>.ts and registers itself here.

const program = new Command()
  .name('gatehouse')
  .description('A self-hosted AWS Organizations, IAM Identity Center, SSO portal and STS, and a CLI for short-lived credentials.')
  .version(version, '-v, --version')
  .showHelpAfterError('(run with --help for usage)');

for (const register of [registerServe, registerEnv, registerAccounts, registerIdentityCenter]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`gatehouse: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
