import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { AwsConfig, type SsoSession } from '../aws-config/config-file.js';
import { openBrowser } from '../browser.js';
import { usageError } from '../errors.js';
import { resolveSession, withSessionOptions, type SessionOptions } from '../session-options.js';
import type { SignInFlow } from '../sso/registration.js';
import { signIn } from '../sso/sign-in.js';
import { isCi, isInteractive, say, style } from '../terminal.js';

interface LoginOptions extends SessionOptions {
  readonly deviceCode?: boolean;
  readonly authorizationCode?: boolean;
  readonly browser: boolean;
}

export function registerLogin(program: Command): void {
  withSessionOptions(
    program
      .command('login')
      .description('Sign in to IAM Identity Center and cache the token where the AWS CLI and the SDKs find it.'),
  )
    .option('--device-code', 'sign in with a device code (the default without a terminal, over SSH or in CI)')
    .option('--authorization-code', 'sign in with an authorization code and PKCE through a 127.0.0.1 listener (the default at a terminal)')
    .option('--no-browser', 'never open a browser: print the URL to open elsewhere (implies --device-code)')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse login --start-url https://d-1234567890.awsapps.com/start --sso-region eu-west-1
  gatehouse login --sso-session acme
  gatehouse login --profile Experiments/AdministratorAccess --no-browser
  eval "$(gatehouse env)" && gatehouse login --start-url http://127.0.0.1:4747/start --sso-region us-east-1

The token goes to ~/.aws/sso/cache/<sha1 of the sso-session name>.json (0600) with the client registration and the
refresh token, in the AWS CLI's format: aws, boto3 and SDK v3 use and refresh it. A second login for the same
sso-session waits for the first one and uses its token. A browser is opened only at an interactive terminal
(never when CI is set); the URL is always printed on stderr.`,
    )
    .action(async (options: LoginOptions) => {
      const config = await AwsConfig.load();
      const session = await resolveSession(options, config, { create: true });
      const { flow, reason } = chooseFlow(options, session);
      const browser = options.browser && isInteractive();
      const label = session.name ? `sso-session ${session.name}` : session.startUrl;
      if (reason) say(`signing in with a device code: ${reason}`);
      const { token, reused } = await signIn(session, {
        flow,
        endpoint: options.endpoint,
        force: true,
        onWait: () => say(`another gatehouse login for ${label} is in progress: waiting for it`),
        showDeviceCode: ({ verificationUri, verificationUriComplete, userCode, expiresInSeconds }) => {
          const url = verificationUriComplete ?? verificationUri;
          process.stderr.write(
            `\nTo sign in to ${session.startUrl}, open this page${browser ? ' (opening it in your browser)' : ''}:\n\n  ${style('bold', url)}\n\n` +
              `and check that it shows the code ${style('bold', userCode)}${verificationUriComplete ? '' : ' (enter it there)'}. ` +
              `It expires in ${Math.round(expiresInSeconds / 60)} minutes.\n\n`,
          );
          if (browser) openBrowser(url);
        },
        showAuthorizeUrl: ({ url }) => {
          process.stderr.write(`\nTo sign in to ${session.startUrl}, ${browser ? 'approve in the browser that opened, or ' : ''}open:\n\n  ${url}\n\n`);
          if (browser) openBrowser(url);
        },
      });
      const until = token.expiresAt.replace('T', ' ').replace(/:\d\dZ$/, ' UTC');
      say(`${reused ? 'another login signed in' : 'signed in'} to ${session.startUrl} (${label}) until ${until}`);
    });
}

function chooseFlow(options: LoginOptions, session: SsoSession): { readonly flow: SignInFlow; readonly reason?: string } {
  if (options.deviceCode && options.authorizationCode) throw usageError('choose one of --device-code and --authorization-code');
  if (options.authorizationCode) {
    if (!session.name) throw usageError('--authorization-code needs an sso-session: legacy profiles sign in with a device code');
    return { flow: 'authorization-code' };
  }
  if (options.deviceCode) return { flow: 'device-code' };
  const reason = !session.name
    ? 'the profile has no sso-session (legacy sso_start_url)'
    : !options.browser
      ? '--no-browser'
      : isCi()
        ? 'CI is set'
        : !isInteractive()
          ? 'not at a terminal'
          : headless();
  return reason ? { flow: 'device-code', reason } : { flow: 'authorization-code' };
}

/** Why a browser on this machine could not take the sign-in's redirect to 127.0.0.1, if it could not. */
function headless(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['SSH_CONNECTION'] || env['SSH_TTY'] || env['SSH_CLIENT']) return 'over SSH, a browser on your machine cannot reach this one';
  if (existsSync('/.dockerenv') || env['CODESPACES'] || env['CLOUD_SHELL']) return 'in a container';
  if (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'] && !env['BROWSER']) return 'no display to open a browser on';
  return undefined;
}
