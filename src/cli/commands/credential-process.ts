import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { profileCredentials } from '../credentials/profile-credentials.js';
import { credentialProcessDocument } from '../credentials/variables.js';
import { parseMfaPrompt, type MfaPrompt } from '../credentials/mfa-code.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';

interface CredentialProcessOptions {
  readonly profile: string;
  readonly endpoint?: string;
  readonly refresh?: boolean;
  readonly mfaCode?: string;
  readonly mfaPrompt?: MfaPrompt;
  /** false with --no-mfa-session. */
  readonly mfaSession?: boolean;
}

export function registerCredentialProcess(program: Command): void {
  withTokenStoreOption(program
    .command('credential-process'))
    .description("Print a profile's role credentials as credential_process JSON (Version 1, with Expiration).")
    .requiredOption('--profile <profile>', 'the IAM Identity Center profile, or role profile (role_arn + source_profile), whose role to use')
    .option('--endpoint <url>', 'an AWS-compatible endpoint such as a gatehouse server (default: $AWS_ENDPOINT_URL, else AWS)')
    .option('--refresh', 'get new credentials even when cached ones are still good')
    .option('--mfa-code <code>', "the code of the profile's mfa_serial device (default: $GATEHOUSE_MFA_CODE, else the profile's mfa_process, else --mfa-prompt)")
    .option('--mfa-prompt <method>', "terminal; ykman: the code from a YubiKey's OATH account; zenity, kdialog or osascript: a desktop dialog, for IDEs and GUI tools that run credential_process without a terminal (default: $GATEHOUSE_MFA_PROMPT, else terminal)", parseMfaPrompt)
    .option('--no-mfa-session', "a role with mfa_serial whose source is an IAM user's access keys: pass the code to every AssumeRole instead of assuming with a cached MFA session (GetSessionToken with the code, $GATEHOUSE_MFA_SESSION_TTL long, 8h by default)")
    .addHelpText(
      'after',
      `
Examples, in ~/.aws/config:
  [profile ci-deploy]
  credential_process = gatehouse credential-process --profile Production/AdministratorAccess

  (gatehouse populate --credential-process writes such profiles for every account and role.)

  [profile ops-admin]                 # a role that needs MFA: the code from a YubiKey, or from mfa_process
  role_arn = arn:aws:iam::123456789012:role/OpsAdmin
  source_profile = ops
  mfa_serial = arn:aws:iam::123456789012:mfa/ops
  mfa_process = ykman oath accounts code --single arn:aws:iam::123456789012:mfa/ops
  [profile ops-admin-process]
  credential_process = gatehouse credential-process --profile ops-admin

Credentials are cached in gatehouse's token store (the OS keychain, else 0600 files in ~/.cache/gatehouse/secrets)
and fetched again 15 minutes before they expire, so the SDK's own refresh gets fresh ones. A role with mfa_serial
whose source is an IAM user's access keys (ops-admin) is assumed with a cached MFA session (GetSessionToken with the
code, $GATEHOUSE_MFA_SESSION_TTL long, 8h by default), as aws-vault does: its refreshes ask for no code while the
session lasts. It never opens a browser: without a valid sign-in it fails with exit code 3 and says to
run gatehouse login. Nothing secret is ever written to stderr.`,
    )
    .action(async (options: CredentialProcessOptions) => {
      const config = await AwsConfig.load();
      const { credentials } = await profileCredentials(config, options.profile, { endpoint: options.endpoint, refresh: options.refresh === true, mfaCode: options.mfaCode, mfaPrompt: options.mfaPrompt, mfaSession: options.mfaSession !== false });
      process.stdout.write(`${credentialProcessDocument(credentials)}\n`);
    });
}
