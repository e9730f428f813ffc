import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { resolveSession, withSessionOptions, type SessionOptions } from '../session-options.js';
import { interactiveSignIn, type FlowChoice } from '../sso/interactive-sign-in.js';

type LoginOptions = SessionOptions & FlowChoice;

export function registerLogin(program: Command): void {
  withTokenStoreOption(withSessionOptions(
    program
      .command('login')
      .description('Sign in to IAM Identity Center and cache the token where the AWS CLI and the SDKs find it.'),
  ))
    .option('--device-code', 'sign in with a device code (the default without a terminal, over SSH or in CI)')
    .option('--authorization-code', 'sign in with an authorization code and PKCE through a 127.0.0.1 listener (the default at a terminal)')
    .option('--no-browser', 'never open a browser: print the URL to open elsewhere (implies --device-code)')
    .option('--private-refresh-token', "keep the refresh token in gatehouse's token store only (the keychain), not in the AWS CLI's cache (default: $GATEHOUSE_PRIVATE_REFRESH_TOKEN)")
    .addHelpText(
      'after',
      `
Examples:
  gatehouse login --start-url https://d-1234567890.awsapps.com/start --sso-region eu-west-1
  gatehouse login --sso-session acme
  gatehouse login --profile Experiments/AdministratorAccess --no-browser
  gatehouse login --sso-session acme --private-refresh-token
  eval "$(gatehouse env)" && gatehouse login --start-url http://127.0.0.1:4747/start --sso-region us-east-1

The token goes to ~/.aws/sso/cache/<sha1 of the sso-session name>.json (0600) with the client registration and the
refresh token, in the AWS CLI's format: aws, boto3 and SDK v3 use and refresh it. A second login for the same
sso-session waits for the first one and uses its token. A browser is opened only at an interactive terminal
(never when CI is set); the URL is always printed on stderr.

With --private-refresh-token the refresh token goes to gatehouse's token store (the OS keychain where there is
one, else a 0600 file in ~/.cache/gatehouse/secrets) and the AWS CLI's file keeps only the access token: aws and
the SDKs use the sign-in until that expires (about an hour on AWS), and only gatehouse can refresh it (assume,
credential-process and populate write each new access token back).`,
    )
    .action(async (options: LoginOptions) => {
      const config = await AwsConfig.load();
      const session = await resolveSession(options, config, { create: true });
      await interactiveSignIn(session, options, options.endpoint, true);
    });
}
