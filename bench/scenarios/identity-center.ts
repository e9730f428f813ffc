import { loadavg } from 'node:os';
import type { GatehouseSeed } from '../identity-center/bulk-seed.js';
import { identityCenterCalls, pageSize } from '../identity-center/calls.js';
import { seedMoto } from '../identity-center/moto-seed.js';
import { measuredUser, userName } from '../identity-center/plan.js';
import { identityCenterTable, type IdentityCenterResult, type SeedSummary } from '../identity-center/report.js';
import { progress } from '../measure.js';
import { ceilingThenMeasure, prepareCalls, type BenchCall, type Prepared } from '../measure-calls.js';
import { callResults, organizationsRatioTargets } from '../organizations/report.js';
import { measuredMethod, resultHeader, type Measurement } from '../report.js';
import type { Scenario } from '../scenario.js';
import { targets, targetNames, type StartedServer, type TargetName } from '../targets.js';

// IAM Identity Center at size: 100,000 users, 10,000 groups, 2,000 permission sets and 500,000 account assignments
// in gatehouse (seeded in bulk in its own process, timed), a tenth of that in moto (seeded through its API, timed),
// then ListAccountAssignmentsForPrincipal, ListUsers filtered by UserName and GetUserId measured on both and on a
// ceiling answering gatehouse's own replies.

export const identityCenterScenario: Scenario = {
  name: 'identity-center',
  resultName: 'identity-center',
  async run({ config, generator, machine, gatehouseSource, signerVersion }) {
    const settings = config.identityCenter;
    const name = config.name ?? this.resultName;
    if (config.targets.includes('ceiling') && !config.targets.includes('gatehouse')) {
      throw new Error('the identity-center ceiling answers what gatehouse answered: BENCH_TARGETS with ceiling needs gatehouse');
    }
    const loadBefore = loadavg()[0] ?? 0;
    const started = new Map<TargetName, StartedServer>();
    const prepared = new Map<TargetName, Prepared>();
    const seed: Partial<Record<TargetName, SeedSummary>> = {};
    let measurements = new Map<string, Map<TargetName, Measurement[]>>();
    let templates: BenchCall[] | undefined;
    try {
      if (config.targets.includes('gatehouse')) {
        const p = settings.plan;
        progress(`identity-center: starting gatehouse and seeding it: ${p.users} users, ${p.groups} groups, ${p.permissionSets} permission sets, ${p.assignments} assignments on ${p.accounts} accounts`);
        const server = await targets.gatehouse.start({ identityCenterPlan: p });
        started.set('gatehouse', server);
        const seeded = JSON.parse(server.seed!) as GatehouseSeed;
        seed.gatehouse = {
          how:
            'in the server process before it listens: organization, accounts, instance, users, groups and permission sets ' +
            'through the operations in-process (one transaction each, every domain rule); assignments as rows, 4,000 per INSERT',
          plan: p,
          seconds: seeded.seconds,
          phases: seeded.phases,
        };
        progress(`identity-center: gatehouse seeded in ${seeded.seconds} s: ${JSON.stringify(seeded.phases)}`);
        templates = identityCenterCalls(seeded, userName(measuredUser(p)));
        prepared.set('gatehouse', await prepareCalls('gatehouse', server, templates));
      }
      if (config.targets.includes('moto')) {
        const p = settings.motoPlan;
        progress('identity-center: starting moto');
        const server = await targets.moto.start({ motoPinnedAccount: true });
        started.set('moto', server);
        progress(`identity-center: seeding moto through its API: ${p.users} users, ${p.groups} groups, ${p.permissionSets} permission sets, ${p.assignments} assignments`);
        const seeded = await seedMoto(server.url, server.credentials, p, settings.seedConcurrency, progress);
        seed.moto = {
          how:
            `through its API with the SDK: CreateUser and CreateGroup one at a time (concurrent ones fail in moto), ` +
            `CreatePermissionSet and CreateAccountAssignment ${settings.seedConcurrency} in flight`,
          plan: p,
          seconds: seeded.seconds,
          phases: seeded.phases,
          operations: seeded.operations,
        };
        progress(`identity-center: moto seeded in ${seeded.seconds} s: ${JSON.stringify(seeded.phases)}`);
        const calls = identityCenterCalls(seeded, userName(measuredUser(p)));
        templates ??= calls;
        prepared.set('moto', await prepareCalls('moto', server, calls));
      }
      if (templates === undefined) throw new Error('identity-center: no server to measure');
      // The ceiling answers each request the exact bytes gatehouse answered it.
      measurements = await ceilingThenMeasure('identity-center', config.targets, templates, prepared, started, generator, settings);
    } finally {
      await Promise.all([...started.values()].map((server) => server.stop()));
    }
    const loadAfter = loadavg()[0] ?? 0;
    const date = new Date();
    const result: IdentityCenterResult = {
      ...resultHeader(name, date, machine, gatehouseSource, loadBefore, loadAfter),
      directory: {
        shape:
          'users bench-user-NNNNNN (display name, given and family name, one primary work email), groups bench-group-NNNNN, ' +
          'permission sets bench-ps-NNNN; 80% of the assignments to users (each user the same share), 20% to groups, each ' +
          "principal's on distinct permission sets, spread over the accounts (identity-center/plan.ts); the measured user " +
          'is the one in the middle',
        motoDivisor: settings.motoDivisor,
      },
      seed,
      method: {
        calls:
          'awsJson1_1 POST / (X-Amz-Target SWBExternalService.<operation> for sso-admin, AWSIdentityStore.<operation> for ' +
          `identitystore), keep-alive where the server allows it, no pipelining; ListAccountAssignmentsForPrincipal with MaxResults ${pageSize}`,
        signing:
          `SigV4 by @smithy/signature-v4 ${signerVersion} (sso and identitystore, us-east-1), signed once per target and call after ` +
          'seeding and replayed unchanged; gatehouse with the root key it bootstraps, moto and the ceiling with dummy keys',
        preflight:
          "each signed request is sent twice before it is measured; both answers must be HTTP 200 with the expected JSON (the user's " +
          'assignments exactly; exactly that one user; its UserId) and identical',
        ceiling:
          'the ceiling answers fixed bytes (the ones gatehouse answered) with no store behind it, so gatehouse/ceiling says what ' +
          'gatehouse spends on top of node:http, for reading only',
        moto:
          `moto holds 1/${settings.motoDivisor} of gatehouse's directory: it is seeded through its API (it has no other way in), and ` +
          'at full size that would take far longer than the run (its CreateUser checks every user for a duplicate name). moto ' +
          'answers all three calls by scanning every assignment or user in Python, so its numbers at full size would be lower ' +
          'still: the ratios are conservative. MOTO_ACCOUNT_ID is pinned as in the organizations scenario',
        ...measuredMethod(
          generator,
          settings,
          'gatehouse started and seeded, its calls signed and checked; then moto the same way; the ceiling last with ' +
            `gatehouse's replies; then for each call, each concurrency, each target in turn (${config.targets.join(', ')})`,
        ),
      },
      calls: callResults(config.targets, templates ?? [], prepared, measurements, settings.connections, (targetName) =>
        targetName === 'moto' ? `${targets.moto.description}; seeded with 1/${settings.motoDivisor} of gatehouse's directory` : undefined,
      ),
      ratioTargets: organizationsRatioTargets,
    };
    return { name, date, result, table: identityCenterTable(result), complete: targetNames.every((t) => prepared.has(t)) };
  },
};
