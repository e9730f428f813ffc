import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { resolveRegion } from '../aws-config/regions.js';
import { writePrivateFile } from '../aws-config/json-files.js';
import { bottomSsoSession, profileCredentials } from '../credentials/profile-credentials.js';
import { dotenv, parseShell, shellCode } from '../credentials/shell.js';
import { emitShellCode, evaluated } from '../credentials/shell-channel.js';
import { assumedVariables, clearedVariables } from '../credentials/variables.js';
import { CliError, exitCodes, usageError } from '../errors.js';
import { autoSyncRegistries, withRegistrySyncOption, type AutoSyncOptions } from '../registry/auto-sync.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { rememberProfile } from '../recent-profiles.js';
import { isInteractive, say } from '../terminal.js';

interface AssumeOptions extends AutoSyncOptions {
  readonly exec?: boolean;
  readonly env?: string;
  readonly unset?: boolean;
  readonly console?: boolean;
  readonly url?: boolean;
  readonly region?: string;
  readonly service?: string;
  readonly shell?: string;
  readonly endpoint?: string;
  readonly refresh?: boolean;
  readonly chain?: string[];
  readonly writeCredentials?: string | boolean;
  readonly mfaCode?: string;
  readonly ecsServer?: boolean;
  readonly port?: number;
  readonly browserProfile?: string;
}

export function registerAssume(program: Command): void {
  withRegistrySyncOption(withTokenStoreOption(program
    .command('assume')))
    .description("Use a profile's role: export its credentials into your shell, run one command with them, or open the console.")
    .argument('[profile]', 'the profile (without one, pick from a list at a terminal)')
    .argument('[command...]', 'with --exec: the command, after --')
    .option('--exec', 'run the command after -- with the credentials (only it gets them)')
    .option('--env <file>', 'write the credentials to a .env file (0600) instead of exporting them')
    .option('--unset', 'clear what assume exported (AWS_ACCESS_KEY_ID, ... , GATEHOUSE_PROFILE)')
    .option('-c, --console', 'open the AWS console signed in as the role')
    .option('-s, --service <service>', 'with --console: open this service (ec2, s3, lambda, cfn, logs, iam, ...)')
    .option('--url', 'with --console: print the sign-in URL instead of opening a browser (it is a secret for 15 minutes)')
    .option('--browser-profile <name>', 'with --console: the browser profile or Firefox container to use (default: the AWS profile\'s own; see gatehouse browser)')
    .option('-r, --region <region>', "the region to export and open the console in, or a short form: ue1, ew2, apse2 (default: the profile's, else the sso-session's)", resolveRegion)
    .option('--shell <shell>', 'the syntax of the exports: bash, zsh, fish or tcsh (default $GATEHOUSE_SHELL, else sh)')
    .option('--endpoint <url>', 'an AWS-compatible endpoint such as a gatehouse server (default: $AWS_ENDPOINT_URL, else AWS)')
    .option('--refresh', 'get new credentials even when cached ones are still good')
    .option('--chain <role-arn>', "then assume this role with the profile's credentials (repeat for a longer chain; at most 1 hour each, as STS allows)", (arn: string, all: string[] = []) => [...all, arn])
    .option('--mfa-code <code>', "the code of the profile's mfa_serial device (default: $GATEHOUSE_MFA_CODE, else asked for at a terminal)")
    .option('--write-credentials [name]', 'write the credentials to section [name] of ~/.aws/credentials (default: the profile name) for tools that read only that file; nothing else in it changes')
    .option('--ecs-server', 'serve the credentials on 127.0.0.1 as ECS does, refreshed before they expire: to the --exec command, else until Ctrl-C')
    .option('--port <port>', 'with --ecs-server: the port of 127.0.0.1 to listen on (default: any free one)', parsePort)
    .addHelpText(
      'after',
      `
Examples (after eval "$(gatehouse shell-init bash)", which defines the assume function):
  assume Experiments/AdministratorAccess
  assume                                          # pick from a list
  assume Production/ReadOnlyAccess --exec -- aws s3 ls
  assume Production/ReadOnlyAccess -c             # the console in your browser
  assume Production/ReadOnlyAccess -c -s lambda -r ew1 --url   # print a link to Lambda in eu-west-1
  assume Production/ReadOnlyAccess -c --browser-profile prod   # in the browser profile (or container) 'prod'
  assume Production/ReadOnlyAccess --env .env     # a .env file for docker compose and dotenv
  assume Production/ReadOnlyAccess --write-credentials legacy-tool   # [legacy-tool] in ~/.aws/credentials
  assume Development/AdministratorAccess --chain arn:aws:iam::123456789012:role/Deployer
  assume deployer         # [profile deployer] with role_arn and source_profile, as the AWS CLI reads it
  assume Production/ReadOnlyAccess --ecs-server --exec -- terraform apply   # fresh credentials for hours
  assume Production/ReadOnlyAccess --ecs-server --port 4144   # serve until Ctrl-C (ssh -R 4144:127.0.0.1:4144 host)
  assume --unset
Without the function:
  eval "$(gatehouse assume Experiments/AdministratorAccess)"
  gatehouse assume Experiments/AdministratorAccess --exec -- terraform plan

Credentials come from GetRoleCredentials with the sso-session's token, or for a profile with role_arn (and for
--chain) from STS AssumeRole with its source_profile's credentials (external_id, role_session_name and
duration_seconds and mfa_serial as the AWS CLI reads them; credential_source = Environment too), or for a profile
of an IAM user's access keys with mfa_serial from GetSessionToken with the MFA code, and are cached in gatehouse's token store
(the OS keychain, else 0600 files in ~/.cache/gatehouse/secrets) until 15 minutes before they expire. Messages go to stderr, shell code to the function
(or stdout). Not signed in: at a terminal, assume signs you in first; elsewhere it exits with code 3.

--ecs-server serves them as AWS_CONTAINER_CREDENTIALS_FULL_URI with a random AWS_CONTAINER_AUTHORIZATION_TOKEN (the
SDKs, the AWS CLI and boto3 read both), fetching new ones from the sign-in before they expire; no key is exported.`,
    )
    .action(async (profileArg: string | undefined, commandArgs: string[], options: AssumeOptions) => {
      const shell = parseShell(options.shell ?? process.env['GATEHOUSE_SHELL'] ?? 'sh');
      if (options.unset) {
        emitShellCode(shellCode(shell, clearedVariables()));
        say('cleared the assumed credentials');
        return;
      }
      const { profile: named, command } = splitOperands(profileArg, commandArgs);
      if (options.exec && command.length === 0) throw usageError('--exec needs a command after --: assume PROFILE --exec -- aws sts get-caller-identity');
      if (!options.exec && command.length > 0) throw usageError(`unexpected ${command.join(' ')}: to run a command, use --exec -- ${command.join(' ')}`);
      if (options.ecsServer && (options.console || options.service || options.env)) throw usageError('--ecs-server serves the credentials: not with -c, -s or --env');
      if (options.port !== undefined && !options.ecsServer) throw usageError('--port is the port of --ecs-server');
      if (options.browserProfile !== undefined && !(options.console || options.service)) throw usageError('--browser-profile goes with -c');

      await autoSyncRegistries(options); // a registry not synced for a week: before the config is read
      const config = await AwsConfig.load();
      const profile = named ?? (await chooseProfile(config));
      const fetch = (refresh = options.refresh === true) =>
        profileCredentials(config, profile, { endpoint: options.endpoint, refresh, chain: options.chain ?? [], mfaCode: options.mfaCode });
      const resolved = await fetch().catch(async (error: unknown) => {
        // At a terminal, sign in on the spot (as Granted does) and carry on; scripts get exit code 3 instead.
        const session = bottomSsoSession(config, profile);
        if (!(error instanceof CliError) || error.exitCode !== exitCodes.loginRequired || !isInteractive() || !session) throw error;
        say(error.message.replace(/: run .*$/, ''));
        const { interactiveSignIn } = await import('../sso/interactive-sign-in.js');
        await interactiveSignIn(session, { browser: true }, options.endpoint, false);
        return fetch();
      });
      const { credentials } = resolved;
      await rememberProfile(profile).catch(() => undefined); // the picker's order only: never worth a failure
      const region = options.region ?? resolved.region ?? 'us-east-1';
      const variables = assumedVariables(profile, credentials, region);
      const until = credentials.expiration.toISOString().slice(11, 16);
      const whose = resolved.roleName ? `role ${resolved.roleName}` : 'MFA session'; // long-term keys give only MFA sessions
      const what = `${profile} (${whose} in account ${credentials.accountId}, until ${until} UTC)`;

      // The modules of the other outcomes load only when asked for: a plain assume starts with the fewest.
      if (options.ecsServer) {
        const { serveCredentials } = await import('../credentials/serve-credentials.js');
        process.exitCode = await serveCredentials({ profile, what, region, initial: credentials, fetch: async (refresh?: boolean) => (await fetch(refresh)).credentials, port: options.port, command: options.exec ? command : undefined, shell });
        return;
      }
      if (options.console || options.service) {
        const [{ consoleUrl }, { openConsole }] = await Promise.all([import('../credentials/console-url.js'), import('../console-browser.js')]);
        const url = await consoleUrl(credentials, region, options.endpoint, options.service);
        if (options.url || !isInteractive()) {
          process.stdout.write(`${url}\n`);
        } else {
          const where = await openConsole(url, options.browserProfile ?? profile, options.browserProfile !== undefined);
          if (where !== 'printed') say(`opened the console as ${what} ${where}`);
        }
        return;
      }
      if (options.exec) {
        const { runWithCredentials } = await import('../credentials/exec.js');
        process.exitCode = await runWithCredentials(command, variables);
        return;
      }
      if (options.writeCredentials !== undefined) {
        const { writeCredentialsSection } = await import('../aws-config/credentials-file.js');
        const section = options.writeCredentials === true ? profile : String(options.writeCredentials);
        const path = await writeCredentialsSection(section, credentials);
        say(`wrote the credentials of ${what} to [${section}] in ${path}`);
        return;
      }
      if (options.env) {
        await writePrivateFile(options.env, dotenv({ ...variables, GATEHOUSE_PROFILE: undefined }));
        say(`wrote the credentials of ${what} to ${options.env}`);
        return;
      }
      emitShellCode(shellCode(shell, variables));
      if (!evaluated()) say(`these exports only reach your shell through the assume function: eval "$(gatehouse shell-init ${shell === 'sh' ? 'bash' : shell})"`);
      say(`assumed ${what}, region ${region}`);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`--port takes a port number (1-65535), not '${value}'`);
  return port;
}

/** Commander hands over the operands in order; those after `--` are the command, the one before it the profile. */
function splitOperands(profile: string | undefined, rest: readonly string[]): { profile: string | undefined; command: string[] } {
  const operands = [...(profile === undefined ? [] : [profile]), ...rest];
  const dash = process.argv.indexOf('--');
  const afterDash = dash < 0 ? 0 : process.argv.length - dash - 1;
  const before = operands.slice(0, operands.length - afterDash);
  if (before.length > 1) throw usageError(`one profile at a time, not ${before.join(' ')}`);
  return { profile: before[0], command: operands.slice(operands.length - afterDash) };
}

async function chooseProfile(config: AwsConfig): Promise<string> {
  const names = config.assumableProfileNames();
  if (names.length === 0) throw usageError(`${config.path} has no IAM Identity Center or role profiles: run gatehouse login, then gatehouse populate`);
  if (!isInteractive()) {
    const list = names.slice(0, 50).map((name) => `  ${name}`).join('\n');
    throw usageError(`name a profile (not at a terminal, so no picker). Profiles:\n${list}${names.length > 50 ? `\n  ... and ${names.length - 50} more (gatehouse profiles)` : ''}`);
  }
  const [{ pick }, { recentFirst, recentProfiles }] = await Promise.all([import('../picker.js'), import('../recent-profiles.js')]);
  return pick(recentFirst(names, await recentProfiles()), 'Profile');
}
