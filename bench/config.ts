import { defaultLoadGenerator, loadGenerators, type LoadGeneratorName } from './load/registry.js';
import { checkPlan, type IdentityCenterPlan } from './identity-center/plan.js';
import { targetNames, type TargetName } from './targets.js';

// Everything a run can vary, from the environment, so `npm run bench` needs no arguments and a quick run is
// `BENCH_SCENARIO=sts BENCH_DURATION=1 BENCH_WARMUP=0 BENCH_WRITE=0 npm run bench`.

export const scenarioNames = ['sts', 'organizations', 'identity-center', 'policy', 'authorize', 'cli', 'portal'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** How each point is measured: the concurrencies and the seconds of warm-up and measurement at each. */
export interface MeasureConfig {
  readonly connections: readonly number[];
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

export interface StsConfig extends MeasureConfig {
  /** Rounds, each measuring every concurrency on every target in turn; a point reports its median round. */
  readonly rounds: number;
}

export interface OrganizationsConfig extends MeasureConfig {
  /** Accounts created (besides the management account), spread evenly over the OUs. */
  readonly accounts: number;
  readonly ous: number;
  /** Seeding calls in flight at once, per server. */
  readonly seedConcurrency: number;
  /** The deep ListAccounts page: the NextToken returned by this page (1-based) is replayed. */
  readonly deepPage: number;
}

export interface IdentityCenterConfig extends MeasureConfig {
  /** What gatehouse is seeded with (in bulk, in its own process). */
  readonly plan: IdentityCenterPlan;
  /** What moto is seeded with through its API: the plan divided by motoDivisor (accounts kept). */
  readonly motoPlan: IdentityCenterPlan;
  readonly motoDivisor: number;
  /** moto seeding calls in flight. */
  readonly seedConcurrency: number;
}

export interface CliConfig {
  /** Timed runs of each command (after two warm-up runs). */
  readonly runs: number;
  /** sso_session profiles in the ~/.aws/config the commands read. */
  readonly profiles: number;
  /** populate: accounts the user reaches, permission sets on each, and timed runs (0 accounts: skipped). */
  readonly populateAccounts: number;
  readonly populateRoles: number;
  readonly populateRuns: number;
}

export interface BenchConfig {
  readonly scenarios: readonly ScenarioName[];
  /** BENCH_NAME: the results file name, only with a single scenario; otherwise each scenario's own name. */
  readonly name: string | undefined;
  readonly targets: readonly TargetName[];
  readonly loadGenerator: LoadGeneratorName;
  /** Write bench/results/<date>-<name>.json and latest-<name>.json (only ever when all three targets ran). */
  readonly write: boolean;
  readonly sts: StsConfig;
  readonly organizations: OrganizationsConfig;
  readonly identityCenter: IdentityCenterConfig;
  readonly cli: CliConfig;
  readonly portal: MeasureConfig;
}

/** A SigV4 signature is accepted for 15 minutes; a scenario signs just before it measures, so its measuring must fit. */
export const signatureWindowSeconds = 14 * 60;

/** The Organizations calls measured at each concurrency on each target (organizations/calls.ts). */
export const organizationsCallCount = 4;
/** The Identity Center calls measured at each concurrency on each target (identity-center/calls.ts). */
export const identityCenterCallCount = 3;
/** The portal calls measured at each concurrency on each target (portal/calls.ts). */
export const portalCallCount = 2;

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${key} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

function list(env: NodeJS.ProcessEnv, key: string, fallback: string): string[] {
  const items = (env[key] ?? fallback)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return [...new Set(items)];
}

function measureConfig(
  env: NodeJS.ProcessEnv,
  defaults: { connections: string; durationSeconds: number; warmupSeconds: number },
  pointsPerConcurrency: number,
  scenario: ScenarioName,
): MeasureConfig {
  const connections = list(env, 'BENCH_CONNECTIONS', defaults.connections).map((item) => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_CONNECTIONS: ${JSON.stringify(item)} is not a positive integer`);
    return value;
  });
  if (connections.length === 0) throw new Error('BENCH_CONNECTIONS is empty');
  const durationSeconds = integer(env, 'BENCH_DURATION', defaults.durationSeconds, 1);
  const warmupSeconds = integer(env, 'BENCH_WARMUP', defaults.warmupSeconds, 0);
  const measuring = pointsPerConcurrency * connections.length * (durationSeconds + warmupSeconds);
  if (measuring > signatureWindowSeconds) {
    throw new Error(
      `the ${scenario} scenario would measure for ${measuring} s, past the ${signatureWindowSeconds} s a replayed SigV4 signature stays valid`,
    );
  }
  return { connections, durationSeconds, warmupSeconds };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const scenarioSetting = env['BENCH_SCENARIO'] ?? 'all';
  const scenarios = (scenarioSetting === 'all' ? [...scenarioNames] : list(env, 'BENCH_SCENARIO', 'all')).map((item) => {
    if (!(scenarioNames as readonly string[]).includes(item)) {
      throw new Error(`BENCH_SCENARIO: unknown scenario ${JSON.stringify(item)} (known: ${scenarioNames.join(', ')}, all)`);
    }
    return item as ScenarioName;
  });
  if (scenarios.length === 0) throw new Error('BENCH_SCENARIO is empty');

  const name = env['BENCH_NAME'] || undefined;
  if (name !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`BENCH_NAME must be kebab-case, got ${JSON.stringify(name)}`);
    if (scenarios.length !== 1) throw new Error('BENCH_NAME names one results file: set BENCH_SCENARIO to a single scenario');
  }

  const targets = list(env, 'BENCH_TARGETS', targetNames.join(',')).map((item) => {
    if (!(targetNames as readonly string[]).includes(item)) {
      throw new Error(`BENCH_TARGETS: unknown target ${JSON.stringify(item)} (known: ${targetNames.join(', ')})`);
    }
    return item as TargetName;
  });
  if (targets.length === 0) throw new Error('BENCH_TARGETS is empty');

  const loadGenerator = env['BENCH_LOADGEN'] ?? defaultLoadGenerator;
  if (!Object.hasOwn(loadGenerators, loadGenerator)) {
    throw new Error(`BENCH_LOADGEN must be one of ${Object.keys(loadGenerators).join(', ')}, got ${JSON.stringify(loadGenerator)}`);
  }

  const stsRounds = integer(env, 'BENCH_ROUNDS', 3, 1);
  const sts: StsConfig = {
    ...measureConfig(env, { connections: '1,16,64', durationSeconds: 5, warmupSeconds: 1 }, targets.length * stsRounds, 'sts'),
    rounds: stsRounds,
  };
  const organizationsMeasure = measureConfig(
    env,
    { connections: '1,16', durationSeconds: 3, warmupSeconds: 1 },
    targets.length * organizationsCallCount,
    'organizations',
  );
  const accounts = integer(env, 'BENCH_ACCOUNTS', 10_000, 1);
  const ous = integer(env, 'BENCH_OUS', 200, 1);
  if (ous > accounts) throw new Error(`BENCH_OUS (${ous}) must not exceed BENCH_ACCOUNTS (${accounts}): every OU gets accounts`);

  const identityCenterMeasure = measureConfig(
    env,
    { connections: '1,16', durationSeconds: 3, warmupSeconds: 1 },
    targets.length * identityCenterCallCount,
    'identity-center',
  );
  const plan: IdentityCenterPlan = {
    users: integer(env, 'BENCH_IC_USERS', 100_000, 1),
    groups: integer(env, 'BENCH_IC_GROUPS', 10_000, 1),
    permissionSets: integer(env, 'BENCH_IC_PERMISSION_SETS', 2_000, 1),
    assignments: integer(env, 'BENCH_IC_ASSIGNMENTS', 500_000, 1),
    accounts: integer(env, 'BENCH_IC_ACCOUNTS', 100, 1),
  };
  if (plan.permissionSets > 2000) throw new Error('BENCH_IC_PERMISSION_SETS: an instance has at most 2,000 permission sets (AWS quota)');
  checkPlan(plan);
  const motoDivisor = integer(env, 'BENCH_IC_MOTO_DIVISOR', 10, 1);
  const divided = (n: number): number => Math.max(1, Math.floor(n / motoDivisor));
  const motoPlan: IdentityCenterPlan = {
    users: divided(plan.users),
    groups: divided(plan.groups),
    permissionSets: divided(plan.permissionSets),
    assignments: divided(plan.assignments),
    accounts: plan.accounts,
  };
  checkPlan(motoPlan);

  const portal = measureConfig(env, { connections: '1,16,64', durationSeconds: 3, warmupSeconds: 1 }, targets.length * portalCallCount, 'portal');

  return {
    scenarios,
    name,
    targets,
    loadGenerator: loadGenerator as LoadGeneratorName,
    write: env['BENCH_WRITE'] !== '0',
    sts,
    organizations: {
      ...organizationsMeasure,
      accounts,
      ous,
      seedConcurrency: integer(env, 'BENCH_SEED_CONCURRENCY', 32, 1),
      deepPage: integer(env, 'BENCH_DEEP_PAGE', 250, 1),
    },
    identityCenter: { ...identityCenterMeasure, plan, motoPlan, motoDivisor, seedConcurrency: integer(env, 'BENCH_SEED_CONCURRENCY', 32, 1) },
    cli: {
      runs: integer(env, 'BENCH_CLI_RUNS', 20, 1),
      profiles: integer(env, 'BENCH_CLI_PROFILES', 3000, 1),
      populateAccounts: integer(env, 'BENCH_CLI_ACCOUNTS', 1000, 0),
      populateRoles: integer(env, 'BENCH_CLI_ROLES', 3, 1),
      populateRuns: integer(env, 'BENCH_CLI_POPULATE_RUNS', 3, 1),
    },
    portal,
  };
}
