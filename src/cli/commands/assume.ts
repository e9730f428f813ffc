import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { resolveRegion } from '../aws-config/regions.js';
import { writePrivateFile } from '../aws-config/json-files.js';
import { profileCredentials } from '../credentials/profile-credentials.js';
import { describeCredentials, resolveSigningIn } from '../credentials/resolve-signing-in.js';
import { dotenv, parseShell, shellCode, type Shell } from '../credentials/shell.js';
import { emitShellCode, evaluated } from '../credentials/shell-channel.js';
import { parseMfaPrompt, type MfaPrompt } from '../credentials/mfa-code.js';
import { assumedVariables, clearedVariables } from '../credentials/variables.js';
import { usageError } from '../errors.js';
import { autoSyncRegistries, withRegistrySyncOption, type AutoSyncOptions } from '../registry/auto-sync.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { recentFirst, recentProfiles, rememberProfile } from '../recent-profiles.js';
import { isInteractive, say } from '../terminal.js';
import { parsePort } from '../option-values.js';

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
  readonly mfaPrompt?: MfaPrompt;
  /** false with --no-mfa-session. */
  readonly mfaSession?: boolean;
  readonly ecsServer?: boolean;
  readonly imdsServer?: boolean;
  readonly ec2Server?: boolean;
  readonly port?: number;
  readonly browserProfile?: string;
  readonly browserLaunchTemplateArg?: string[];
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
    .option('--browser-launch-template-arg <value>', "with --console: a value for the browser's launch template, {{.Args}} or as KEY=VALUE {{.Args.KEY}} (repeat for more; see gatehouse browser)", (value: string, all: string[] = []) => [...all, value])
    .option('-r, --region <region>', "the region to export and open the console in, or a short form: ue1, ew2, apse2 (default: the profile's, else the sso-session's)", resolveRegion)
    .option('--shell <shell>', 'the syntax of the exports: bash, zsh, fish, tcsh or powershell (default $GATEHOUSE_SHELL, else sh)')
    .option('--endpoint <url>', 'an AWS-compatible endpoint such as a gatehouse server (default: $AWS_ENDPOINT_URL, else AWS)')
    .option('--refresh', 'get new credentials even when cached ones are still good')
    .option('--chain <role-arn>', "then assume this role with the profile's credentials (repeat for a longer chain; at most 1 hour each, as STS allows)", (arn: string, all: string[] = []) => [...all, arn])
    .option('--mfa-code <code>', "the code of the profile's mfa_serial device (default: $GATEHOUSE_MFA_CODE, else the profile's mfa_process, else --mfa-prompt)")
    .option('--mfa-prompt <method>', 'where a code comes from otherwise: terminal; ykman (a YubiKey\'s OATH account named as the mfa_serial or $YKMAN_OATH_CREDENTIAL_NAME); zenity, kdialog or osascript (a desktop dialog, for tools without a terminal) (default: $GATEHOUSE_MFA_PROMPT, else terminal)', parseMfaPrompt)
    .option('--no-mfa-session', "a role with mfa_serial whose source is an IAM user's access keys: pass the code to every AssumeRole instead of assuming with a cached MFA session (GetSessionToken with the code, $GATEHOUSE_MFA_SESSION_TTL long, 8h by default)")
    .option('--write-credentials [name]', 'write the credentials to section [name] of ~/.aws/credentials (default: the profile name) for tools that read only that file; nothing else in it changes')
    .option('--ecs-server', 'serve the credentials on 127.0.0.1 as ECS does, refreshed before they expire: to the --exec command, else until Ctrl-C')
    .option('--imds-server', 'serve the credentials on 127.0.0.1 as EC2 instance metadata does (IMDSv2), refreshed before they expire: to the --exec command, else until Ctrl-C')
    .option('--ec2-server', "the same as --imds-server (aws-vault's name; no root or 169.254.169.254 needed)")
    .option('--port <port>', 'with --ecs-server or --imds-server: the port of 127.0.0.1 to listen on (default: any free one)', parsePort)
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
  assume Production/ReadOnlyAccess -c --browser-launch-template-arg --incognito   # {{.Args}} of a launch template
  assume Production/ReadOnlyAccess --env .env     # a .env file for docker compose and dotenv
  assume Production/ReadOnlyAccess --write-credentials legacy-tool   # [legacy-tool] in ~/.aws/credentials
  assume Development/AdministratorAccess --chain arn:aws:iam::123456789012:role/Deployer
  assume ops-admin --mfa-prompt ykman             # mfa_serial's code from a YubiKey (ykman oath accounts code)
  assume deployer         # [profile deployer] with role_arn and source_profile, as the AWS CLI reads it
  assume Production/ReadOnlyAccess --ecs-server --exec -- terraform apply   # fresh credentials for hours
  assume Production/ReadOnlyAccess --ecs-server --port 4144   # serve until Ctrl-C (ssh -R 4144:127.0.0.1:4144 host)
  assume Production/ReadOnlyAccess --imds-server --exec -- ./tool   # for tools that read only EC2 instance metadata
  assume --unset
Without the function:
  eval "$(gatehouse assume Experiments/AdministratorAccess)"
  gatehouse assume Experiments/AdministratorAccess --shell powershell | Out-String | Invoke-Expression
  gatehouse assume Experiments/AdministratorAccess --exec -- terraform plan

Credentials come from GetRoleCredentials with the sso-session's token, or for a profile with role_arn (and for
--chain) from STS AssumeRole with its source_profile's credentials (external_id, role_session_name and
duration_seconds and mfa_serial as the AWS CLI reads them; credential_source = Environment too), or for a profile
of an IAM user's access keys with mfa_serial from GetSessionToken with the MFA code (a profile's mfa_process = CMD
prints it, as in aws-vault). A role with mfa_serial whose source is such keys is assumed, as aws-vault does, with an
MFA session (GetSessionToken with the code, $GATEHOUSE_MFA_SESSION_TTL long: 8h by default, e.g. 12h) kept with
them, so a refresh of the role (--refresh, a credential server's) needs no new code while it lasts; new access keys
need a new code; --no-mfa-session passes the code to every AssumeRole. All are cached in gatehouse's token store
(the OS keychain, else 0600 files in ~/.cache/gatehouse/secrets) until 15 minutes before they expire. Messages go to stderr, shell code to the function
(or stdout). Not signed in: at a terminal, assume signs you in first; elsewhere it exits with code 3.

--ecs-server serves them as AWS_CONTAINER_CREDENTIALS_FULL_URI with a random AWS_CONTAINER_AUTHORIZATION_TOKEN (the
SDKs, the AWS CLI and boto3 read both), fetching new ones from the sign-in before they expire; no key is exported.
--imds-server serves them as IMDSv2 at AWS_EC2_METADATA_SERVICE_ENDPOINT instead (IMDSv1 refused): no token to pass
on, so any process of yours can read them; prefer --ecs-server where tools allow. Several profiles on one server:
gatehouse credential-server.`,
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
      const imds = options.imdsServer === true || options.ec2Server === true;
      const serverFlag = options.ecsServer ? '--ecs-server' : options.imdsServer ? '--imds-server' : options.ec2Server ? '--ec2-server' : undefined;
      if (options.ecsServer && imds) throw usageError('one credential server at a time: --ecs-server or --imds-server');
      if (serverFlag && (options.console || options.service || options.env || options.writeCredentials !== undefined)) {
        throw usageError(`${serverFlag} serves the credentials: not with -c, -s, --env or --write-credentials`);
      }
      if (options.port !== undefined && !serverFlag) throw usageError('--port is the port of --ecs-server or --imds-server');
      if (options.browserProfile !== undefined && !(options.console || options.service)) throw usageError('--browser-profile goes with -c');
      if (options.browserLaunchTemplateArg !== undefined && !(options.console || options.service)) throw usageError('--browser-launch-template-arg goes with -c');

      await autoSyncRegistries(options); // a registry not synced for a week: before the config is read
      const config = await AwsConfig.load();
      const profile = named ?? (await chooseProfile(config));
      // What opens the console is checked before any credentials are fetched: a wrong setting costs no sign-in.
      const openConsole = (options.console || options.service) && !options.url && isInteractive()
        ? await import('../console-browser.js').then(({ containerLook, prepareConsole }) =>
          prepareConsole(options.browserProfile ?? profile, options.browserProfile !== undefined, {
            lookOf: () => containerLook(profile, config.profile(profile)),
            templateArgs: options.browserLaunchTemplateArg ?? [],
          }))
        : undefined;
      const fetch = (refresh = options.refresh === true) =>
        profileCredentials(config, profile, { endpoint: options.endpoint, refresh, chain: options.chain ?? [], mfaCode: options.mfaCode, mfaPrompt: options.mfaPrompt, mfaSession: options.mfaSession !== false });
      const resolved = await resolveSigningIn(config, profile, options.endpoint, () => fetch());
      const { credentials } = resolved;
      await rememberProfile(profile).catch(() => undefined); // the picker's order only: never worth a failure
      const region = options.region ?? resolved.region ?? 'us-east-1';
      const variables = assumedVariables(profile, credentials, region);
      const what = describeCredentials(profile, resolved);

      // The modules of the other outcomes load only when asked for: a plain assume starts with the fewest.
      if (serverFlag) {
        const { serveCredentials } = await import('../credentials/serve-credentials.js');
        process.exitCode = await serveCredentials({
          kind: imds ? 'imds' : 'ecs',
          profile,
          what,
          roleName: resolved.roleName,
          region,
          initial: credentials,
          fetch: async (refresh?: boolean) => (await fetch(refresh)).credentials,
          port: options.port,
          command: options.exec ? command : undefined,
          shell,
        });
        return;
      }
      if (options.console || options.service) {
        const { consoleUrl } = await import('../credentials/console-url.js');
        const url = await consoleUrl(credentials, region, options.endpoint, options.service);
        if (!openConsole) {
          process.stdout.write(`${url}\n`);
        } else {
          const where = await openConsole(url);
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
      if (!evaluated()) say(`these exports only reach your shell through the assume function: ${shellInitLine(shell)}`);
      say(`assumed ${what}, region ${region}`);
    });
}

function shellInitLine(shell: Shell): string {
  if (shell === 'powershell') return 'gatehouse shell-init powershell | Out-String | Invoke-Expression';
  if (shell === 'tcsh') return 'eval "`gatehouse shell-init tcsh`"';
  return `eval "$(gatehouse shell-init ${shell === 'sh' ? 'bash' : shell})"`;
}

/** Commander hands over the operands in order; those after `--` are the command, the one before it the profile. */
function splitOperands(profile: string | undefined, rest: readonly string[]): { profile: string | undefined; command: string[] } {
  const operands = [...(profile === undefined ? [] : [profile]), ...rest];
  const dash = process.argv.indexOf('--');
  const afterDash = dash < 0 ? 0 : process.argv.length - dash - 1;
  const before = operands.slice(0, operands.length - afterDash);
  // PowerShell takes a bare -- for itself and never passes it on: quoted, '--' reaches gatehouse.
  if (before.length > 1) throw usageError(`one profile at a time, not ${before.join(' ')} (to run a command: --exec -- COMMAND; in PowerShell quote it: --exec '--' COMMAND)`);
  return { profile: before[0], command: operands.slice(operands.length - afterDash) };
}

async function chooseProfile(config: AwsConfig): Promise<string> {
  const names = config.assumableProfileNames();
  if (names.length === 0) throw usageError(`${config.path} has no IAM Identity Center or role profiles: run gatehouse login, then gatehouse populate`);
  if (!isInteractive()) {
    const list = names.slice(0, 50).map((name) => `  ${name}`).join('\n');
    throw usageError(`name a profile (not at a terminal, so no picker). Profiles:\n${list}${names.length > 50 ? `\n  ... and ${names.length - 50} more (gatehouse profiles)` : ''}`);
  }
  const { pick, profileChoices } = await import('../picker.js');
  return pick(profileChoices(config, recentFirst(names, await recentProfiles())), 'Profile');
}
