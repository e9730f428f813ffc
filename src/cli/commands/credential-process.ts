import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { profileCredentials } from '../credentials/profile-credentials.js';
import { credentialProcessDocument } from '../credentials/variables.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';

interface CredentialProcessOptions {
  readonly profile: string;
  readonly endpoint?: string;
  readonly refresh?: boolean;
  readonly mfaCode?: string;
}

export function registerCredentialProcess(program: Command): void {
  withTokenStoreOption(program
    .command('credential-process'))
    .description("Print a profile's role credentials as credential_process JSON (Version 1, with Expiration).")
    .requiredOption('--profile <profile>', 'the IAM Identity Center profile, or role profile (role_arn + source_profile), whose role to use')
    .option('--endpoint <url>', 'an AWS-compatible endpoint such as a gatehouse server (default: $AWS_ENDPOINT_URL, else AWS)')
    .option('--refresh', 'get new credentials even when cached ones are still good')
    .option('--mfa-code <code>', "the code of the profile's mfa_serial device (default: $GATEHOUSE_MFA_CODE)")
    .addHelpText(
      'after',
      `
Examples, in ~/.aws/config:
  [profile ci-deploy]
  credential_process = gatehouse credential-process --profile Production/AdministratorAccess

  (gatehouse populate --credential-process writes such profiles for every account and role.)

Credentials are cached in gatehouse's token store (the OS keychain, else 0600 files in ~/.cache/gatehouse/secrets)
and fetched again 15 minutes before they expire, so the SDK's own refresh gets fresh ones. It never opens a browser: without a valid sign-in it fails with exit code 3 and says to
run gatehouse login. Nothing secret is ever written to stderr.`,
    )
    .action(async (options: CredentialProcessOptions) => {
      const config = await AwsConfig.load();
      const { credentials } = await profileCredentials(config, options.profile, { endpoint: options.endpoint, refresh: options.refresh === true, mfaCode: options.mfaCode });
      process.stdout.write(`${credentialProcessDocument(credentials)}\n`);
    });
}
