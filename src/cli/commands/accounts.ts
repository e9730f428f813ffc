import type { Command } from 'commander';
import { saveKeyProfile } from '../aws-config/profile.js';
import { controlRequest } from '../control-client.js';
import { serverTarget, withServerOptions, type ServerOptions } from '../server-options.js';

interface CreateOptions extends ServerOptions {
  readonly name: string;
  readonly email: string;
  readonly profile?: string;
  readonly region: string;
}

interface CreatedAccount {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function registerAccounts(program: Command): void {
  const accounts = program.command('accounts').description('Manage AWS accounts on a local gatehouse server.');
  withServerOptions(
    accounts
      .command('create')
      .description('Create a standalone account (in no organization) with a root access key, e.g. one to invite.'),
  )
    .requiredOption('--name <name>', 'the account name')
    .requiredOption('--email <email>', "the account's email address (unique across all accounts)")
    .option('--profile <name>', "save the account's root key as this AWS CLI profile")
    .option('--region <region>', 'region for the saved profile', 'us-east-1')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse accounts create --name Partner --email partner@example.com --profile partner
  aws --profile gatehouse organizations invite-account-to-organization --target Id=<account id>,Type=ACCOUNT
  aws --profile partner organizations accept-handshake --handshake-id h-...`,
    )
    .action(async (options: CreateOptions) => {
      const { endpoint, dataDir } = serverTarget(options);
      const created = await controlRequest<CreatedAccount>(endpoint, dataDir, 'POST', 'accounts', { name: options.name, email: options.email });
      if (options.profile) {
        const paths = await saveKeyProfile(options.profile, created, endpoint, options.region);
        process.stderr.write(`gatehouse: saved profile '${options.profile}' in ${paths.credentials} and ${paths.config}\n`);
      }
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    });
}
