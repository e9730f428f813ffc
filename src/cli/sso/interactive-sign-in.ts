import { existsSync } from 'node:fs';
import type { SsoSession } from '../aws-config/config-file.js';
import { openBrowser } from '../browser.js';
import { usageError } from '../errors.js';
import { isCi, isInteractive, say, style } from '../terminal.js';
import type { SignInFlow } from './registration.js';
import { signIn, type SignInResult } from './sign-in.js';
import { privateRefreshTokenWanted } from './token-cache.js';
import { secretStore } from '../secure-store/open-store.js';
import { utcDateTime } from '../utc-time.js';

// A sign-in with a person in front of it: which flow (PKCE at a terminal with a browser, a device code otherwise,
// saying why), what they are shown on stderr, and a browser only when someone is at the terminal.

export interface FlowChoice {
  readonly deviceCode?: boolean;
  readonly authorizationCode?: boolean;
  /** false for --no-browser */
  readonly browser: boolean;
  /** --private-refresh-token (default: GATEHOUSE_PRIVATE_REFRESH_TOKEN) */
  readonly privateRefreshToken?: boolean;
}

export async function interactiveSignIn(session: SsoSession, choice: FlowChoice, endpoint: string | undefined, force: boolean): Promise<SignInResult> {
  const { flow, reason } = chooseFlow(choice, session);
  const browser = choice.browser && isInteractive();
  const label = sessionLabel(session);
  if (reason) say(`signing in with a device code: ${reason}`);
  const privateRefreshToken = choice.privateRefreshToken ?? privateRefreshTokenWanted();
  const result = await signIn(session, {
    flow,
    endpoint,
    force,
    privateRefreshToken,
    onWait: () => say(`another gatehouse login for ${label} is in progress: waiting for it`),
    showDeviceCode: ({ verificationUri, verificationUriComplete, userCode, expiresInSeconds }) => {
      const url = verificationUriComplete ?? verificationUri;
      process.stderr.write(
        `\nTo sign in to ${session.startUrl}, open this page${browser ? ' (opening it in your browser)' : ''}:\n\n  ${style('bold', url)}\n\n` +
          `and check that it shows the code ${style('bold', userCode)}${verificationUriComplete ? '' : ' (enter it there)'}. ` +
          `It expires in ${Math.round(expiresInSeconds / 60)} minutes.\n\n`,
      );
      if (browser) void openOrSay(url);
    },
    showAuthorizeUrl: ({ url }) => {
      process.stderr.write(`\nTo sign in to ${session.startUrl}, ${browser ? 'approve in the browser that opened, or ' : ''}open:\n\n  ${url}\n\n`);
      if (browser) void openOrSay(url);
    },
  });
  const until = utcDateTime(result.token.expiresAt);
  say(`${result.reused ? 'another login signed in' : 'signed in'} to ${session.startUrl} (${label}) until ${until}`);
  if (privateRefreshToken && !result.reused) {
    const { store, fallback } = await secretStore();
    say(`the refresh token is only in ${store.where}${fallback ? ` (${fallback})` : ''}: aws and the SDKs use this sign-in until ${until}, gatehouse refreshes it`);
  }
  return result;
}

/** Opens the sign-in page in the browser, or says that it could not (the URL is printed already). */
async function openOrSay(url: string): Promise<void> {
  if (!(await openBrowser(url))) say('could not open a browser: open the address above yourself');
}

export function sessionLabel(session: SsoSession): string {
  return session.name ? `sso-session ${session.name}` : session.startUrl;
}

function chooseFlow(choice: FlowChoice, session: SsoSession): { readonly flow: SignInFlow; readonly reason?: string } {
  if (choice.deviceCode && choice.authorizationCode) throw usageError('choose one of --device-code and --authorization-code');
  if (choice.authorizationCode) {
    if (!session.name) throw usageError('--authorization-code needs an sso-session: legacy profiles sign in with a device code');
    return { flow: 'authorization-code' };
  }
  if (choice.deviceCode) return { flow: 'device-code' };
  const reason = !session.name
    ? 'the profile has no sso-session (legacy sso_start_url)'
    : !choice.browser
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
