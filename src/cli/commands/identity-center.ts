import type { Command } from 'commander';
import { controlRequest } from '../control-client.js';
import { serverTarget, withServerOptions, type ServerOptions } from '../server-options.js';

// `gatehouse identity-center settings`: the IAM Identity Center settings AWS keeps in its console (the access
// portal's start URL alias, session duration and MFA prompt, the identity source), read and changed through the
// local server's control API. A pure HTTP client: the server validates and answers with the settings as they are.

interface SettingsOptions extends ServerOptions {
  readonly alias?: string;
  readonly sessionDuration?: string;
  readonly mfa?: string;
}

export function registerIdentityCenter(program: Command): void {
  const center = program.command('identity-center').description('IAM Identity Center settings of a local gatehouse server (what AWS keeps in its console).');
  withServerOptions(
    center
      .command('settings')
      .description("Show the access portal's settings, or change them: start URL alias (once), session duration, MFA prompt."),
  )
    .option('--alias <alias>', 'the start URL becomes <server>/start/<alias> (3-63 of a-z, 0-9, -); it can be set only once')
    .option('--session-duration <duration>', 'how long an access portal sign-in lasts: 15m to 90d, e.g. 8h (the default), 12h, 7d, 1h30m')
    .option('--mfa <mode>', 'when users are asked for MFA: always-on (every sign-in, the default), context-aware (when the sign-in context changes) or disabled')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse identity-center settings                                  # show them
  gatehouse identity-center settings --alias my-company --session-duration 12h
  gatehouse identity-center settings --mfa context-aware`,
    )
    .action(async (options: SettingsOptions) => {
      const { endpoint, dataDir } = serverTarget(options);
      const change = {
        ...(options.alias !== undefined ? { alias: options.alias } : {}),
        ...(options.sessionDuration !== undefined ? { sessionDuration: options.sessionDuration } : {}),
        ...(options.mfa !== undefined ? { mfa: options.mfa } : {}),
      };
      const changing = Object.keys(change).length > 0;
      const settings = await controlRequest<unknown>(endpoint, dataDir, changing ? 'PUT' : 'GET', 'identity-center/settings', changing ? change : undefined);
      process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
    });
}
