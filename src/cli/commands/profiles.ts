import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';

interface ProfilesOptions {
  readonly sessions?: boolean;
}

export function registerProfiles(program: Command): void {
  program
    .command('profiles')
    .description('List the profiles assume can use (IAM Identity Center ones and those with role_arn), one per line.')
    .option('--sessions', 'list the sso-sessions instead')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse profiles
  assume "$(gatehouse profiles | fzf)"
  gatehouse profiles --sessions`,
    )
    .action(async (options: ProfilesOptions) => {
      const config = await AwsConfig.load();
      const names = options.sessions ? config.sessionNames() : config.assumableProfileNames();
      process.stdout.write(names.map((name) => `${name}\n`).join(''));
    });
}
