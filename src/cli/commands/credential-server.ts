import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { resolveRegion } from '../aws-config/regions.js';
import { profileCredentials } from '../credentials/profile-credentials.js';
import { resolveSigningIn } from '../credentials/resolve-signing-in.js';
import { control, controlProfilePath, findServer, type ServedDetail, type ServedEntry, type ServerRecord } from '../credentials/server-registry.js';
import { parseShell, shellCode } from '../credentials/shell.js';
import { containerVariables } from '../credentials/variables.js';
import { usageError } from '../errors.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { formatTable } from '../table.js';
import { say } from '../terminal.js';
import { parsePort } from '../option-values.js';
import { utcDateTime, utcTime } from '../utc-time.js';

// `gatehouse credential-server`: several profiles on one local ECS credential server, each at its own path with its
// own token and refreshed on its own (credentials/profile-server.ts), and the commands that load, unload, list and
// hand out its profiles while it runs (aws-sso-cli's `ecs server` and `ecs load --slotted | unload | list`).

interface StartOptions {
  readonly port?: number;
  readonly endpoint?: string;
}

interface LoadOptions {
  readonly port?: number;
  readonly endpoint?: string;
  readonly mfaCode?: string;
}

interface PrintOptions extends LoadOptions {
  readonly shell?: string;
  readonly region?: string;
}

const endpointHelp = 'an AWS-compatible endpoint such as a gatehouse server (default: $AWS_ENDPOINT_URL, else AWS)';

/** Resolves the profile here (signing in or asking for an MFA code at this terminal), so the server finds it cached. */
async function resolveHere(config: AwsConfig, profile: string, options: LoadOptions): Promise<void> {
  await resolveSigningIn(config, profile, options.endpoint, () => profileCredentials(config, profile, { endpoint: options.endpoint, mfaCode: options.mfaCode }));
}

/** Loads the profile into the server, resolved here first from `config` (read once by the command). */
async function load(record: ServerRecord, config: AwsConfig, profile: string, options: LoadOptions): Promise<ServedDetail> {
  await resolveHere(config, profile, options);
  const served = await control<ServedDetail>(record, 'PUT', controlProfilePath(profile));
  if (!served) throw new Error(`the credential server on port ${record.port} did not load ${profile}`);
  return served;
}

function printHint(profile: string): string {
  return `eval "$(gatehouse credential-server print ${/^[\w./@+=,-]+$/.test(profile) ? profile : `'${profile.replaceAll("'", `'\\''`)}'`})"`;
}

export function registerCredentialServer(program: Command): void {
  const server = withTokenStoreOption(program.command('credential-server'))
    .description('Serve several profiles on one local ECS credential server (each at its own path, with its own token, refreshed on its own); load, unload, list and print them while it runs.')
    .argument('[profile...]', 'the profiles to serve from the start (more can be loaded later)')
    // Options of the server and its subcommands alike (commander gives them to the parent wherever they stand).
    .option('--port <port>', 'the port of 127.0.0.1 to listen on (default: any free one); for the subcommands, the port of the running server (default: the only one running)', parsePort)
    .option('--endpoint <url>', endpointHelp)
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      `
Examples:
  gatehouse credential-server Development/AdministratorAccess Production/ReadOnlyAccess   # serves until Ctrl-C
  eval "$(gatehouse credential-server print Production/ReadOnlyAccess)"   # in any shell: that profile, from the server
  gatehouse credential-server load Sandbox/AdministratorAccess
  gatehouse credential-server list
  gatehouse credential-server unload Production/ReadOnlyAccess
  gatehouse credential-server --port 4144 Development/AdministratorAccess   # then ssh -R 4144:127.0.0.1:4144 host

Each profile is served at http://127.0.0.1:PORT/profiles/<profile> in the ECS container credentials protocol, with
a random token of its own: print sets AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN (and
clears keys, AWS_PROFILE and anything else the SDKs would prefer), so a shell or container given one profile cannot
read another. Each profile's credentials are fetched again 20 minutes before they end, on their own timer. The
server's record, with the token that loads and unloads profiles, is ~/.cache/gatehouse/credential-servers/PORT.json
(0600) while it runs. For one profile, assume PROFILE --ecs-server (or --imds-server) does the same.`,
    )
    .action(async (profiles: string[], options: StartOptions) => {
      const config = await AwsConfig.load();
      // Every profile resolved before anything listens: an unknown one, or one needing a sign-in, is said first.
      for (const profile of profiles) await resolveHere(config, profile, options);
      const [{ startProfileServer }, { untilStopped }] = await Promise.all([import('../credentials/profile-server.js'), import('../credentials/serve-credentials.js')]);
      const running = await startProfileServer({ port: options.port, endpoint: options.endpoint, log: say });
      try {
        for (const profile of profiles) await running.load(profile, config);
      } catch (error) {
        await running.close();
        throw error;
      }
      say(`credential server on 127.0.0.1:${running.port}: in a shell, ${printHint(profiles[0] ?? 'PROFILE')}; more with gatehouse credential-server load PROFILE; Ctrl-C stops`);
      await untilStopped();
      await running.close();
      say('stopped the credential server');
    });

  server
    .command('load')
    .description('Serve more profiles on the running credential server (signing in first at a terminal if need be).')
    .argument('<profile...>', 'the profiles')
    .option('--mfa-code <code>', "the code of a profile's mfa_serial device (default: $GATEHOUSE_MFA_CODE, else asked for at a terminal; a role whose source is access keys needs it once per MFA session: its refreshes reuse the session until 15 minutes before its end, $GATEHOUSE_MFA_SESSION_TTL long, 8h by default)")
    .action(async (profiles: string[], _: unknown, command: Command) => {
      const options = command.optsWithGlobals<LoadOptions>();
      const record = await findServer(options.port);
      const config = await AwsConfig.load();
      for (const profile of profiles) {
        const served = await load(record, config, profile, options);
        say(`serving ${profile} (${served.roleName ? `role ${served.roleName}` : 'MFA session'} in account ${served.accountId}) at ${served.url}: ${printHint(profile)} in a shell to use it`);
      }
    });

  server
    .command('unload')
    .description('Stop serving profiles on the running credential server: their tokens are refused from then on.')
    .argument('[profile...]', 'the profiles')
    .option('--all', 'every profile')
    .action(async (profiles: string[], _: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ readonly all?: boolean; readonly port?: number }>();
      if (Boolean(options.all) === profiles.length > 0) throw usageError('name the profiles to unload, or --all');
      const record = await findServer(options.port);
      if (options.all) {
        const removed = (await control<string[]>(record, 'DELETE', 'profiles')) ?? [];
        say(removed.length > 0 ? `stopped serving ${removed.join(', ')}` : 'no profile was served');
        return;
      }
      const missing: string[] = [];
      for (const profile of profiles) {
        if (await control<string[]>(record, 'DELETE', controlProfilePath(profile))) say(`stopped serving ${profile}`);
        else missing.push(profile);
      }
      if (missing.length > 0) throw usageError(`not served: ${missing.join(', ')}`);
    });

  server
    .command('list')
    .description('The profiles the running credential server serves: role, account, region, until when, URL.')
    .option('--json', 'print it as JSON for scripts')
    .action(async (_: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ readonly json?: boolean; readonly port?: number }>();
      const record = await findServer(options.port);
      const served = (await control<ServedEntry[]>(record, 'GET', 'profiles')) ?? [];
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ port: record.port, pid: record.pid, profiles: served }, null, 2)}\n`);
        return;
      }
      say(`credential server on 127.0.0.1:${record.port} (pid ${record.pid}), since ${utcDateTime(record.startedAt)}`);
      if (served.length === 0) {
        say('no profile served: gatehouse credential-server load PROFILE');
        return;
      }
      const rows = served.map((s) => [s.profile, s.roleName || '(MFA session)', s.accountId, s.region, utcTime(s.expiration), s.url]);
      process.stdout.write(formatTable(['PROFILE', 'ROLE', 'ACCOUNT', 'REGION', 'UNTIL', 'URL'], rows));
    });

  server
    .command('print')
    .description("A profile's variables from the running credential server, as shell code to eval (loading it first if need be).")
    .argument('<profile>', 'the profile')
    .option('--shell <shell>', 'the syntax of the exports: bash, zsh, fish or tcsh (default $GATEHOUSE_SHELL, else sh)')
    .option('-r, --region <region>', "the region to export, or a short form: ue1, ew2 (default: the profile's)", resolveRegion)
    .option('--mfa-code <code>', "the code of the profile's mfa_serial device (default: $GATEHOUSE_MFA_CODE, else asked for at a terminal; a role whose source is access keys needs it once per MFA session: its refreshes reuse the session until 15 minutes before its end, $GATEHOUSE_MFA_SESSION_TTL long, 8h by default)")
    .addHelpText(
      'after',
      `
Examples:
  eval "$(gatehouse credential-server print Production/ReadOnlyAccess)"
  gatehouse credential-server print Production/ReadOnlyAccess --shell fish | source
  eval "\`gatehouse credential-server print Production/ReadOnlyAccess --shell tcsh\`"`,
    )
    .action(async (profile: string, _: unknown, command: Command) => {
      const options = command.optsWithGlobals<PrintOptions>();
      const shell = parseShell(options.shell ?? process.env['GATEHOUSE_SHELL'] ?? 'sh');
      const record = await findServer(options.port);
      let served = await control<ServedDetail>(record, 'GET', controlProfilePath(profile));
      if (!served) {
        served = await load(record, await AwsConfig.load(), profile, options);
        say(`loaded ${profile} into the credential server on port ${record.port}`);
      }
      process.stdout.write(shellCode(shell, containerVariables(profile, served, options.region ?? served.region)));
      if (process.stdout.isTTY) say(`these lines only take effect through eval: ${printHint(profile)}`);
    });
}
