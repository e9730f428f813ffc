import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  type CreateAccountStatus,
} from '@aws-sdk/client-organizations';
import { cpuSeconds } from '../process-cpu.js';
import type { Credentials } from '../signed-request.js';
import { region } from '../signed-request.js';

// The organization both servers get, built the way a bulk-setup tool (OrgFormation, a landing-zone script) builds
// one: through the AWS SDK, a bounded number of calls in flight. Its timing is a result too.

export interface SeedPlan {
  readonly accounts: number;
  readonly ous: number;
  readonly concurrency: number;
}

export interface SeededOrganization {
  readonly rootId: string;
  /** By index; OU k holds accounts k, k + ous, k + 2 ous, ... */
  readonly ouIds: readonly string[];
  /** The OU each nested OU sits in (every 20th OU is nested one level under the OU before it). */
  readonly nestedOus: number;
  /** By index, in creation order. */
  readonly accountIds: readonly string[];
}

export interface OperationStats {
  readonly calls: number;
  /** SDK attempts beyond the first (throttling, 5xx, connection errors the SDK retried). */
  readonly retries: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface SeedResult {
  readonly accounts: number;
  readonly ous: number;
  readonly concurrency: number;
  /** From CreateOrganization to the last account moved. */
  readonly seconds: number;
  /** Accounts created, reported SUCCEEDED and moved into their OU, per second of the accounts phase. */
  readonly accountsPerSecond: number;
  readonly phaseSeconds: { readonly createOrganization: number; readonly createOus: number; readonly accounts: number };
  /** CreateAccount replies that already had State SUCCEEDED and an AccountId (no polling needed). */
  readonly accountsReadyAtOnce: number;
  /** Client-side latency per operation, as the SDK saw it (signing and parsing included). */
  readonly operations: Readonly<Record<string, OperationStats>>;
  /**
   * CPU over the accounts phase, in % of one core: the server's (all its threads) and the bench process's, which
   * runs the SDK. A server near 100 was the limit; a client near 100 means the SDK was.
   */
  readonly accountsPhaseCpuPercent: { readonly server: number | null; readonly client: number };
  /** Server CPU per account (CreateAccount, its status polls and MoveAccount), in microseconds. */
  readonly serverCpuUsPerAccount: number | null;
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

class Timings {
  private readonly samples = new Map<string, number[]>();
  private readonly retried = new Map<string, number>();

  async time<T extends { $metadata: { attempts?: number } }>(operation: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const out = await call();
    const ms = performance.now() - start;
    let list = this.samples.get(operation);
    if (!list) this.samples.set(operation, (list = []));
    list.push(ms);
    const attempts = out.$metadata.attempts ?? 1;
    if (attempts > 1) this.retried.set(operation, (this.retried.get(operation) ?? 0) + attempts - 1);
    return out;
  }

  stats(): Record<string, OperationStats> {
    const out: Record<string, OperationStats> = {};
    for (const [operation, list] of this.samples) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      out[operation] = {
        calls: sorted.length,
        retries: this.retried.get(operation) ?? 0,
        meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 2),
        p50Ms: round(at(0.5), 2),
        p99Ms: round(at(0.99), 2),
        maxMs: round(sorted[sorted.length - 1] ?? 0, 2),
      };
    }
    return out;
  }
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight; the first failure stops the rest. */
export async function pool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < count) {
      const index = next++;
      try {
        await work(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function organizationsClient(url: string, credentials: Credentials): OrganizationsClient {
  // The machines run Node 20 by decision; the SDK's notice that later versions need Node 22 is noise in a bench log.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  return new OrganizationsClient({ endpoint: url, region, credentials });
}

export const accountName = (index: number): string => `bench-account-${String(index).padStart(5, '0')}`;
export const accountEmail = (index: number): string => `bench-account-${String(index).padStart(5, '0')}@example.com`;

/** The index of the OU a nested OU sits in, or undefined for an OU directly under the root. */
export function ouParentIndex(index: number, ous: number): number | undefined {
  return ous >= 20 && index % 20 === 19 ? index - 1 : undefined;
}

export async function seedOrganization(
  label: string,
  url: string,
  credentials: Credentials,
  serverPid: number,
  plan: SeedPlan,
  progress: (line: string) => void,
): Promise<{ organization: SeededOrganization; result: SeedResult }> {
  const client = organizationsClient(url, credentials);
  const timings = new Timings();
  try {
    const t0 = performance.now();
    await timings.time('CreateOrganization', () => client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })));
    const roots = await timings.time('ListRoots', () => client.send(new ListRootsCommand({})));
    const rootId = roots.Roots?.[0]?.Id;
    if (!rootId) throw new Error(`${label}: ListRoots returned no root after CreateOrganization`);
    const t1 = performance.now();

    // Top-level OUs first, then the nested ones under them.
    const ouIds: string[] = new Array<string>(plan.ous).fill('');
    const createOu = async (index: number, parentId: string): Promise<void> => {
      const out = await timings.time('CreateOrganizationalUnit', () =>
        client.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: `bench-ou-${String(index).padStart(4, '0')}` })),
      );
      const id = out.OrganizationalUnit?.Id;
      if (!id) throw new Error(`${label}: CreateOrganizationalUnit returned no Id`);
      ouIds[index] = id;
    };
    const indexes = Array.from({ length: plan.ous }, (_, i) => i);
    const topLevel = indexes.filter((i) => ouParentIndex(i, plan.ous) === undefined);
    const nested = indexes.filter((i) => ouParentIndex(i, plan.ous) !== undefined);
    await pool(topLevel.length, plan.concurrency, (k) => createOu(topLevel[k]!, rootId));
    await pool(nested.length, plan.concurrency, (k) => {
      const index = nested[k]!;
      return createOu(index, ouIds[ouParentIndex(index, plan.ous)!]!);
    });
    const t2 = performance.now();

    const serverCpuBefore = cpuSeconds(serverPid);
    const clientCpuBefore = process.cpuUsage();
    const accountIds: string[] = new Array<string>(plan.accounts).fill('');
    let readyAtOnce = 0;
    let done = 0;
    let lastReport = performance.now();
    await pool(plan.accounts, plan.concurrency, async (index) => {
      const created = await timings.time('CreateAccount', () =>
        client.send(new CreateAccountCommand({ AccountName: accountName(index), Email: accountEmail(index) })),
      );
      let status: CreateAccountStatus | undefined = created.CreateAccountStatus;
      if (status?.State === 'SUCCEEDED' && status.AccountId) {
        readyAtOnce++;
      } else {
        const requestId = status?.Id;
        if (!requestId) throw new Error(`${label}: CreateAccount returned no CreateAccountStatus.Id`);
        const deadline = performance.now() + 60_000;
        for (let wait = 5; status?.State !== 'SUCCEEDED'; wait = Math.min(wait * 2, 250)) {
          if (status?.State === 'FAILED') throw new Error(`${label}: CreateAccount ${index} FAILED: ${status.FailureReason}`);
          if (performance.now() > deadline) throw new Error(`${label}: CreateAccount ${index} still ${status?.State} after 60 s`);
          await sleep(wait);
          const polled = await timings.time('DescribeCreateAccountStatus', () =>
            client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId })),
          );
          status = polled.CreateAccountStatus;
        }
      }
      const accountId = status?.AccountId;
      if (!accountId) throw new Error(`${label}: CreateAccount ${index} SUCCEEDED without an AccountId`);
      accountIds[index] = accountId;
      await timings.time('MoveAccount', () =>
        client.send(
          new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouIds[index % plan.ous]! }),
        ),
      );
      done++;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        progress(`${label}: ${done} / ${plan.accounts} accounts seeded`);
      }
    });
    const t3 = performance.now();
    const serverCpuAfter = cpuSeconds(serverPid);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const serverCpu = serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : serverCpuAfter - serverCpuBefore;
    const accountsSeconds = (t3 - t2) / 1000;

    return {
      organization: { rootId, ouIds, nestedOus: nested.length, accountIds },
      result: {
        accounts: plan.accounts,
        ous: plan.ous,
        concurrency: plan.concurrency,
        seconds: round((t3 - t0) / 1000, 2),
        accountsPerSecond: round(plan.accounts / ((t3 - t2) / 1000), 1),
        phaseSeconds: {
          createOrganization: round((t1 - t0) / 1000, 3),
          createOus: round((t2 - t1) / 1000, 3),
          accounts: round((t3 - t2) / 1000, 2),
        },
        accountsReadyAtOnce: readyAtOnce,
        operations: timings.stats(),
        accountsPhaseCpuPercent: {
          server: serverCpu === undefined ? null : round((100 * serverCpu) / accountsSeconds, 1),
          client: round((clientCpu.user + clientCpu.system) / 1e4 / accountsSeconds, 1),
        },
        serverCpuUsPerAccount: serverCpu === undefined ? null : round((1e6 * serverCpu) / plan.accounts, 0),
      },
    };
  } finally {
    client.destroy();
  }
}
