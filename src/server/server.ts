import { mkdir } from 'node:fs/promises';
import { createLogger, type Logger } from '../lib/log.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { Authenticator } from '../aws/auth/authenticate.js';
import { Authorizer, allowAll, type PolicyDecider } from '../aws/authz/authorize.js';
import { EngineDecider } from '../aws/authz/engine-decider.js';
import type { PolicySource } from '../aws/authz/policy-source.js';
import { authorizationControlRoutes } from '../control/authorization-control.js';
import { accessControlRoutes } from '../control/access-control.js';
import { AccessReport } from '../control/access-report.js';
import { listen, type Edge } from '../edge/http-server.js';
import { ApiChain } from '../edge/chain.js';
import { controlArea } from '../control/control-area.js';
import { loadOrCreateControlToken } from '../control/control-token.js';
import { StateControl } from '../control/state-control.js';
import { signInControlRoutes } from '../control/sign-in-control.js';
import { IdentityCenterControl } from '../control/identity-center-control.js';
import { openDatabase, type Store } from '../store/database.js';
import { createSecretBox, loadOrCreateKey } from '../lib/secret-box.js';
import { setPageTokenKey } from '../lib/page-token.js';
import { IamDomain, type RootCredentials } from '../services/iam/domain.js';
import { JobRunner } from '../store/jobs.js';
import { createServices } from './services.js';
import type { OidcPages } from '../services/sso-oidc/index.js';
import type { SignInDomain } from '../services/sso-portal/sign-in/index.js';
import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import { resolveConfig, type ServerConfig } from './config.js';
import { version } from './version.js';
import { createWebApp } from '../web/app.js';
import { ConsoleSessions } from '../web/console-sessions.js';
import { webArea } from '../web/web-area.js';

// The composition root: builds the store, the services and the edge, and wires their ports together.

export interface StartOptions extends Partial<ServerConfig> {
  readonly log?: Logger;
  readonly clock?: Clock;
}

export interface RunningServer {
  readonly config: ServerConfig;
  readonly url: string;
  readonly port: number;
  readonly controlToken: string;
  /** Set only when this start bootstrapped an empty store: the management account's root key, to print once. */
  readonly bootstrapped: RootCredentials | undefined;
  readonly store: Store;
  readonly log: Logger;
  /** The IAM domain: accounts and credentials (tests and the control API use it). */
  readonly iam: IamDomain;
  /** The AWS services this server answers. */
  readonly services: readonly ServiceDefinition[];
  /** Sign-in to the access portal (the pages and the demo use it). */
  readonly signIn: SignInDomain;
  /** The device and authorize pages' domain API. */
  readonly oidcPages: OidcPages;
  /** Identity Center's console settings (the access portal's start URL, session, MFA), as the control API serves them. */
  readonly identityCenter: IdentityCenterControl;
  /** The policy engine as the authorize step uses it (undefined with --authorization off): decisions for the
   * simulator and the access report, the recent denials for the control API. */
  readonly authorization: EngineDecider | undefined;
  /** Stops accepting, finishes in-flight requests, then closes the store. */
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = resolveConfig(options);
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;

  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const key = await loadOrCreateKey(config.dataDir);
  if (key.insecurePermissions) log.warn({ path: key.path }, 'the secret key file is readable by other users: chmod 600 it');
  const sealer = createSecretBox(key.key);
  setPageTokenKey(key.key);
  const store = await openDatabase(config.db);
  try {
    const iam = new IamDomain(store, sealer, clock);
    const bootstrapped = await iam.bootstrap();

    // Asynchronous AWS work (Organizations' CreateAccount, CloseAccount) runs as durable jobs: the runner starts
    // once the services exist and stops before the store closes; services wake it when a job they commit is due.
    let jobs: JobRunner | undefined;
    // Timers may fire a little early; a few ms late is better than a claim that finds nothing due and waits a poll.
    const wakeJobsAt = (at: number) => {
      const delay = at - Date.now();
      if (delay <= 0) jobs?.kick();
      else setTimeout(() => jobs?.kick(), delay + 5).unref();
    };
    const services = createServices({ store, iam, clock, accountCreationDelayMs: config.accountCreationDelayMs, wakeJobsAt, sealer, log });
    jobs = new JobRunner({
      store,
      handlers: services.jobHandlers,
      onError: (err, context) => log.error({ err, ...context }, 'job runner'),
    });

    const iamPolicies = services.principalPolicies;
    const policySource: PolicySource = {
      tables: services.policyTables,
      identityPolicies: (principal) => iamPolicies.identityPolicies(principal),
      trustPolicy: (roleArn) => iamPolicies.trustPolicy(roleArn),
      managedPolicy: (accountId, arn) => iamPolicies.managedPolicy(accountId, arn),
      accountControls: (accountId) => services.accountControls(accountId),
    };
    const { authorization: mode } = config;
    const newEngine = () =>
      mode === 'off'
        ? undefined
        : new EngineDecider({ source: policySource, watch: store.writes.watch(policySource.tables), clock, log, mode, explainDenials: config.explainDenials, sealer });
    const engine = newEngine();
    // The access report asks about every principal of the organization: its own caches, so a report over a large
    // organization does not flush the layers that requests are decided with.
    const reportEngine = newEngine();
    const decider: PolicyDecider = engine ?? allowAll;
    const api = new ApiChain({
      services: services.definitions,
      authenticator: new Authenticator({ credentials: iam, clock, acceptAnyCredentials: config.acceptAnyCredentials }),
      authorizer: new Authorizer(decider, log, store.writes.watchAll()),
      clock,
      log,
      defaultRegion: config.region,
    });
    const controlToken = await loadOrCreateControlToken(config.dataDir);
    let url = '';
    const identityCenter = new IdentityCenterControl({ portal: services.ssoAdmin.portalSettings, iam, baseUrl: () => url });
    const { access, portal } = services.ssoAdmin;
    const accessReport = new AccessReport({
      decider: reportEngine,
      accounts: services.accountPrincipals,
      managementAccountId: () => iam.managementAccountId(),
      organizations: services.organizationMembership,
      identityCenter: {
        provisionedRoles: (accountId) => access.provisionedRoles(accountId),
        reachableRoles: (instanceArn, principals) => access.reachableRoles(instanceArn, principals),
        instanceOfAccount: (accountId) => portal.instanceOfAccount(accountId),
      },
      identities: services.identitystore.directory,
      region: config.region,
      clock,
    });
    const control = controlArea(
      { state: new StateControl({ store, sealer, iam, version, dialect: store.dialect }), identityCenter },
      controlToken,
      [...signInControlRoutes(services.signIn), ...authorizationControlRoutes(engine ?? { recentDenials: () => [] }), ...accessControlRoutes(accessReport)],
    );

    const web = createWebApp({
      secretKey: key.key,
      consoleSessions: new ConsoleSessions(iam, sealer, clock),
      api,
      signIn: services.signIn,
      oidc: services.oidcPages,
      portal: services.portalWeb,
      region: config.region,
    });

    const edge: Edge = await listen({ port: config.port, host: config.host, areas: [control, webArea(web), api.area], log });
    url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${edge.port}`;
    jobs.start();
    const runner = jobs;

    return {
      config,
      url,
      port: edge.port,
      controlToken,
      bootstrapped,
      store,
      log,
      iam,
      services: services.definitions,
      signIn: services.signIn,
      oidcPages: services.oidcPages,
      identityCenter,
      authorization: engine,
      async close() {
        await edge.close();
        await runner.stop();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
