import { loadavg } from 'node:os';
import { progress } from '../measure.js';
import { ceilingThenMeasure, prepareCalls, type Prepared } from '../measure-calls.js';
import { measuredMethod, resultHeader, type Measurement } from '../report.js';
import type { Scenario } from '../scenario.js';
import { motoDefaultAccount, targets, targetNames, type StartedServer, type TargetName } from '../targets.js';
import { benchCalls, defaultInputs, pageSize, walkAccounts, type OrganizationsBenchCall, type WalkResult } from '../organizations/calls.js';
import {
  callResults,
  organizationsRatioTargets,
  organizationsTable,
  type OrganizationsResult,
} from '../organizations/report.js';
import { ouParentIndex, seedOrganization, type SeedResult } from '../organizations/seed.js';

// ListAccounts (first page and a deep page), ListChildren and DescribeAccount in an organization of 10,000 accounts
// in 200 OUs, on gatehouse and moto (and a ceiling answering gatehouse's own replies), after building that
// organization through the SDK on each server and timing it.

export const organizationsScenario: Scenario = {
  name: 'organizations',
  resultName: 'organizations',
  async run({ config, generator, machine, gatehouseSource, signerVersion }) {
    const settings = config.organizations;
    const name = config.name ?? this.resultName;
    if (config.targets.includes('ceiling') && !config.targets.includes('gatehouse')) {
      throw new Error('the organizations ceiling answers what gatehouse answered: BENCH_TARGETS with ceiling needs gatehouse');
    }
    const loadBefore = loadavg()[0] ?? 0;
    const plan = { accounts: settings.accounts, ous: settings.ous, concurrency: settings.seedConcurrency };
    const servers = config.targets.filter((t): t is 'gatehouse' | 'moto' => t !== 'ceiling');

    const started = new Map<TargetName, StartedServer>();
    const prepared = new Map<TargetName, Prepared>();
    const seed: Partial<Record<TargetName, SeedResult>> = {};
    const walk: Partial<Record<TargetName, WalkResult>> = {};
    let measurements = new Map<string, Map<TargetName, Measurement[]>>();
    let callTemplates: OrganizationsBenchCall[] | undefined;
    let nestedOus = 0;
    try {
      for (const targetName of servers) {
        progress(`organizations: starting ${targetName}`);
        started.set(targetName, await targets[targetName].start({ motoPinnedAccount: true }));
      }
      // One server at a time, so each seeding has the machine to itself.
      for (const targetName of servers) {
        const server = started.get(targetName)!;
        progress(
          `organizations: seeding ${targetName}: ${plan.accounts} accounts in ${plan.ous} OUs, ${plan.concurrency} calls in flight`,
        );
        const seeded = await seedOrganization(targetName, server.url, server.credentials, server.pid, plan, progress).catch((error: unknown) => {
          const tail = server.stderrTail().trim();
          throw tail ? new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${targetName} stderr ---\n${tail}`) : error;
        });
        seed[targetName] = seeded.result;
        nestedOus = seeded.organization.nestedOus;
        progress(
          `organizations: ${targetName} seeded in ${seeded.result.seconds} s (${seeded.result.accountsPerSecond} accounts/s; ` +
            `OUs ${seeded.result.phaseSeconds.createOus} s; CPU server ${seeded.result.accountsPhaseCpuPercent.server ?? '-'}%, ` +
            `client ${seeded.result.accountsPhaseCpuPercent.client}%)`,
        );
        const walked = await walkAccounts(targetName, server.url, server.credentials, seeded.organization, settings.deepPage);
        walk[targetName] = walked.walk;
        progress(
          `organizations: ${targetName} ListAccounts walk: ${walked.walk.pages} pages in ${walked.walk.seconds} s ` +
            `(${walked.walk.pagesPerSecond} pages/s); replaying the token after page ${walked.deep.afterPage}`,
        );
        const calls = benchCalls(defaultInputs(seeded.organization, walked.deep, plan.ous));
        if (targetName === 'gatehouse') callTemplates = calls;
        callTemplates ??= calls;
        prepared.set(targetName, await prepareCalls(targetName, server, calls));
      }
      if (callTemplates === undefined) throw new Error('organizations: no server to measure');

      // The ceiling answers each request the exact bytes gatehouse answered it.
      measurements = await ceilingThenMeasure('organizations', config.targets, callTemplates, prepared, started, generator, settings);
    } finally {
      await Promise.all([...started.values()].map((server) => server.stop()));
    }
    const loadAfter = loadavg()[0] ?? 0;

    const calls = callResults(config.targets, callTemplates ?? [], prepared, measurements, settings.connections, (targetName) =>
      targetName === 'moto'
        ? `${targets.moto.description}; started with MOTO_ACCOUNT_ID=${motoDefaultAccount} (its default account, ` +
          'which the dummy keys resolve to anyway), which skips its per-request scan of every account for the ' +
          'access key: moto at its fastest'
        : undefined,
    );

    const g = seed.gatehouse;
    const m = seed.moto;
    const date = new Date();
    const result: OrganizationsResult = {
      ...resultHeader(name, date, machine, gatehouseSource, loadBefore, loadAfter),
      organization: {
        accounts: plan.accounts,
        ous: plan.ous,
        nestedOus,
        accountsPerOu: Math.round((plan.accounts / plan.ous) * 10) / 10,
        shape:
          'CreateOrganization (FeatureSet ALL); OUs bench-ou-NNNN under the root, every 20th one nested one level under ' +
          `the OU before it (ouParentIndex in organizations/seed.ts: ${ouParentIndex(19, plan.ous) === undefined ? 'none nested at this size' : 'e.g. OU 19 under OU 18'}); ` +
          'account i (bench-account-NNNNN, unique email) created under the root and moved into OU i mod OUs',
      },
      seed,
      seedGatehouseOverMoto: g && m ? Math.round((g.accountsPerSecond / m.accountsPerSecond) * 10) / 10 : null,
      walk,
      method: {
        calls:
          `awsJson1_1 POST / (X-Amz-Target AWSOrganizationsV20161128.<operation>, content-type application/x-amz-json-1.1), ` +
          `keep-alive where the server allows it, no pipelining; list calls with MaxResults ${pageSize}`,
        signing:
          `SigV4 by @smithy/signature-v4 ${signerVersion} for organizations/us-east-1, signed once per target and call after ` +
          'seeding and replayed unchanged (a signature stays valid for 15 minutes); gatehouse with the root key it ' +
          'bootstraps, moto and the ceiling with dummy keys',
        seeding:
          `@aws-sdk/client-organizations, one client per server, at most ${plan.concurrency} calls in flight: CreateOrganization, ` +
          'CreateOrganizationalUnit (top level, then nested), then per account CreateAccount, DescribeCreateAccountStatus ' +
          'polling (5 ms doubling to 250 ms) unless the reply is already SUCCEEDED with an AccountId, MoveAccount root -> OU. ' +
          "Servers are seeded one after the other. accountsPerSecond counts the accounts phase only. gatehouse runs with its " +
          'default account-creation delay',
        preflight:
          'each signed request is sent twice before it is measured; both answers must be HTTP 200 with the expected JSON ' +
          '(20 accounts and a NextToken; exactly the deep page the walk saw; children that belong to the OU; the account) ' +
          'and identical; the ListAccounts walk must list every seeded account once plus the management account',
        ceiling:
          'the ceiling does not apply as a target here: it answers fixed bytes (the ones gatehouse answered) with no ' +
          'store behind it, so gatehouse/ceiling says what gatehouse spends on top of node:http, for reading only',
        ...measuredMethod(
          generator,
          settings,
          `gatehouse and moto started, then seeded, walked, signed and checked one after the other; the ceiling started ` +
            `last with gatehouse's replies; then for each call, each concurrency, each target in turn ` +
            `(${config.targets.join(', ')}): a discarded warm-up, then the measurement`,
        ),
      },
      calls,
      ratioTargets: organizationsRatioTargets,
    };
    return {
      name,
      date,
      result,
      table: organizationsTable(result),
      complete: targetNames.every((targetName) => prepared.has(targetName)),
    };
  },
};
