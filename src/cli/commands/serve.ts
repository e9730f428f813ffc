import { InvalidArgumentError, type Command } from 'commander';
import { authorizationSetting, defaultPort, type AuthorizationSetting } from '../../server/config.js';
import type { LogLevel } from '../../lib/log.js';
import type { RunningServer } from '../../server/server.js';

interface ServeOptions {
  readonly port: string;
  readonly host?: string;
  readonly dataDir?: string;
  readonly db?: string;
  readonly acceptAnyCredentials?: boolean;
  readonly logLevel?: LogLevel;
  readonly region?: string;
  readonly accountCreationDelay?: number;
  readonly empty?: boolean;
  readonly authorization?: AuthorizationSetting;
  readonly explainDenials?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the server: every AWS API, the pages and the control API on one port.')
    .option('-p, --port <port>', 'port to listen on', String(defaultPort))
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .option('--data-dir <dir>', 'data directory (default $GATEHOUSE_DATA_DIR or ~/.local/share/gatehouse)')
    .option('--db <url>', 'sqlite:<file>, :memory: or postgres://... (default: sqlite in the data directory)')
    .option('--accept-any-credentials', 'INSECURE: map any SigV4 credentials to the management account root, unchecked')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
    .option('--region <region>', 'region reported for unsigned calls (default us-east-1)')
    .option(
      '--account-creation-delay <ms>',
      'how long Organizations CreateAccount/CloseAccount take to complete (default 0: at once; $GATEHOUSE_ACCOUNT_CREATION_DELAY)',
      delayOption,
    )
    .option('--empty', 'on a new data directory, start with only the management account (no demo organization)')
    .option(
      '--authorization <mode>',
      'enforce (default): IAM policies, boundaries, session policies and SCPs decide every signed call; audit: log and keep denials, let calls through; off: no policy checks ($GATEHOUSE_AUTHORIZATION)',
      (value: string) => {
        try {
          return authorizationSetting(value);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
    )
    .option('--explain-denials', 'add the deciding policy, statement and layer to each AccessDenied (header x-gatehouse-denial)')
    .addHelpText(
      'after',
      `
On a new data directory the server creates the management account and, unless --empty, the demo organization of
the tutorials: Workloads (Development, QA, Production), Shared (Security), Sandbox (Workshops, Experiments) and
Marketplace.

Examples:
  gatehouse serve                          # embedded SQLite in ~/.local/share/gatehouse
  gatehouse serve --db :memory: --port 0   # throwaway state on a free port
  gatehouse serve --db postgres://127.0.0.1:5432/gatehouse
  eval "$(gatehouse env)"                  # then point any AWS client at it`,
    )
    .action(async (options: ServeOptions) => {
      // Loaded here, not at the top: every other command starts without the server's modules.
      const { startServer } = await import('../../server/server.js');
      const server = await startServer({
        port: Number(options.port),
        ...(options.host ? { host: options.host } : {}),
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        ...(options.db ? { db: options.db } : {}),
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        ...(options.region ? { region: options.region } : {}),
        ...(options.accountCreationDelay !== undefined ? { accountCreationDelayMs: options.accountCreationDelay } : {}),
        acceptAnyCredentials: options.acceptAnyCredentials === true,
        ...(options.authorization ? { authorization: options.authorization } : {}),
        ...(options.explainDenials ? { explainDenials: true } : {}),
      });
      if (server.bootstrapped) printBootstrap(server);
      if (server.bootstrapped && !options.empty) await buildDemo(server);
      const { url, config } = server;
      server.log.info(
        { url, db: server.store.dialect, dataDir: config.dataDir, acceptAnyCredentials: config.acceptAnyCredentials, authorization: config.authorization },
        'gatehouse listening',
      );
      shutdownOnSignals(server);
    });
}

async function buildDemo(server: RunningServer): Promise<void> {
  const { buildDemoIdentityCenter, buildDemoOrganization, demoStructure } = await import('../../control/demo-organization.js');
  const root = await server.iam.defaultPrincipal();
  const demo = await buildDemoOrganization(server.services, root, server.log);
  const center = await buildDemoIdentityCenter(server.services, root, [root.accountId, ...Object.values(demo.accounts)], server.log, server.signIn);
  const tree = Object.entries(demoStructure)
    .map(([ou, accounts]) => `  ${ou}: ${accounts.map((name) => `${name} (${demo.accounts[name]})`).join(', ')}`)
    .join('\n');
  process.stderr.write(
    `Demo organization ${demo.organizationId} (gatehouse serve --empty starts without it):\n${tree}\n` +
      `IAM Identity Center ${center.instanceArn} (identity store ${center.identityStoreId}): group ${center.groupName} with user ` +
      `${center.userName}; ${center.permissionSets.join(' and ')} assigned to ${center.groupName} on every account.\n`,
  );
  const portal = await server.identityCenter.identityCenterSettings();
  process.stderr.write(
    `AWS access portal: ${portal.startUrl}\n` +
      `  sign in as ${center.userName} with the one-time password ${center.initialPassword ?? '(none)'}; you then choose yours and register an MFA device\n` +
      `  settings: gatehouse identity-center settings --port ${server.port} --data-dir ${server.config.dataDir}\n\n`,
  );
}

function delayOption(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(ms)) {
    throw new InvalidArgumentError(`--account-creation-delay takes a whole number of milliseconds, not ${JSON.stringify(value)}`);
  }
  return ms;
}

/** Printed once, on the start that created the management account: the only time the secret is shown. */
function printBootstrap(server: RunningServer): void {
  const root = server.bootstrapped!;
  const dataDirFlag = ` --data-dir ${server.config.dataDir}`;
  process.stderr.write(`
gatehouse created the management account ${root.accountId} and an access key for its root user.
This is the only time the secret is printed.

  AWS_ACCESS_KEY_ID=${root.accessKeyId}
  AWS_SECRET_ACCESS_KEY=${root.secretAccessKey}

Point your AWS tools at this server (AWS CLI, SDKs, boto3):
  eval "$(gatehouse env --port ${server.port}${dataDirFlag})"
and save these credentials as an AWS CLI profile named gatehouse:
  gatehouse env --port ${server.port}${dataDirFlag} --profile gatehouse
  aws --profile gatehouse sts get-caller-identity

`);
}

function shutdownOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`gatehouse: ${signal}, finishing in-flight requests\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`gatehouse: shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
