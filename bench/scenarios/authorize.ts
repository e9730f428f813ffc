import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeCreateAccountStatusCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { AuthorizationSetting } from '../../src/server/config.js';
import type { Principal } from '../../src/aws/auth/principal.js';
import { progress } from '../measure.js';
import { pad, resultHeader } from '../report.js';
import type { Scenario } from '../scenario.js';
import { region, signCall, type SignedRequest } from '../signed-request.js';

// What the authorize step adds to a request: the same signed call (iam:ListAccountAliases by a role session holding
// ReadOnlyAccess, under a permissions boundary, in a member account under two SCP levels) against two servers in this
// process, one with `--authorization enforce` and one with `--authorization off`, sent one at a time over a
// keep-alive connection in alternating batches, so both see the same machine. The difference of their latencies and
// of the process's CPU time per request is the step's cost: resolving the authz entry, the cached policy layers, the
// request context and the engine's decision. BENCH_DURATION sets the seconds measured per server.

const BATCH = 500;
const modes: readonly AuthorizationSetting[] = ['enforce', 'off'];
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

const guardrails = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'RegionLock', Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
    { Sid: 'StayInOrg', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
  ],
};
const noUsers = { Version: '2012-10-17', Statement: [{ Sid: 'NoIamUsers', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:CreateAccessKey'], Resource: '*' }] };

interface Target {
  readonly mode: AuthorizationSetting;
  readonly server: RunningServer;
  readonly dataDir: string;
  readonly request: SignedRequest;
  readonly agent: Agent;
  /** The session the request is signed with, as the authenticator finds it. */
  readonly principal: Principal;
}

/** An organization with Workloads/Production, a member account in Production with SCPs on both OUs, and a session of
 * a ReadOnlyAccess role bounded by IAMReadOnlyAccess in it; the signed call that session makes. */
async function seeded(mode: AuthorizationSetting): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-authz-'));
  const server = await startServer({ port: 0, dataDir, db: ':memory:', logLevel: 'silent', authorization: mode });
  const root = server.bootstrapped;
  if (!root) throw new Error('gatehouse did not bootstrap');
  const orgs = new OrganizationsClient({ endpoint: server.url, region, credentials: root, maxAttempts: 1 });
  await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ou = async (ParentId: string, Name: string) => (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId, Name }))).OrganizationalUnit!.Id!;
  const workloads = await ou(rootId, 'Workloads');
  const production = await ou(workloads, 'Production');
  let status = (await orgs.send(new CreateAccountCommand({ AccountName: 'Production', Email: 'production@example.com' }))).CreateAccountStatus!;
  while (status.State === 'IN_PROGRESS') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id! }))).CreateAccountStatus!;
  }
  const accountId = status.AccountId!;
  await orgs.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: production }));
  await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  for (const [target, content, name] of [[workloads, guardrails, 'guardrails'], [production, noUsers, 'no-users']] as const) {
    const id = (await orgs.send(new CreatePolicyCommand({ Name: name, Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(content) }))).Policy!.PolicySummary!.Id!;
    await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target }));
  }
  const role = await server.iam.createRole(server.store.db, {
    accountId,
    name: 'ReadOnly',
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: root.accountId }, Action: 'sts:AssumeRole' }] },
    attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    permissionsBoundary: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
  });
  const now = Date.now();
  const session = await server.iam.issueSessionCredentials(
    {
      type: 'assumed-role',
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/ReadOnly/bench`,
      userId: `${role.roleId}:bench`,
      roleArn: role.arn,
      sessionName: 'bench',
      session: { issuedAt: now },
    },
    now + 3_600_000,
  );
  const signed = await signCall(server.url, session, {
    service: 'iam',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=ListAccountAliases&Version=2010-05-08',
  });
  const principal = (await server.iam.find(session.accessKeyId))?.principal;
  if (!principal) throw new Error('the role session is not found by its key');
  return { mode, server, dataDir, request: signed, agent: new Agent({ keepAlive: true, maxSockets: 1 }), principal };
}

function send(target: Target): Promise<number> {
  const { url, method, headers, body } = target.request;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: target.agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Sample {
  readonly latenciesUs: number[];
  cpuUs: number;
  requests: number;
}

async function batch(target: Target, sample: Sample): Promise<void> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < BATCH; i++) {
    const t = process.hrtime.bigint();
    const status = await send(target);
    sample.latenciesUs.push(Number(process.hrtime.bigint() - t) / 1000);
    if (status !== 200) throw new Error(`${target.mode}: ListAccountAliases answered HTTP ${status}`);
  }
  const used = process.cpuUsage(cpu);
  sample.cpuUs += used.user + used.system;
  sample.requests += BATCH;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

function summary(sample: Sample) {
  const mean = sample.latenciesUs.reduce((a, b) => a + b, 0) / Math.max(1, sample.latenciesUs.length);
  return {
    requests: sample.requests,
    p50Us: round(percentile(sample.latenciesUs, 0.5)),
    p99Us: round(percentile(sample.latenciesUs, 0.99)),
    meanUs: round(mean),
    cpuUsPerRequest: round(sample.cpuUs / Math.max(1, sample.requests)),
  };
}

export const authorizeScenario: Scenario = {
  name: 'authorize',
  resultName: 'authorize-step',
  async run({ config, machine, gatehouseSource }) {
    const { durationSeconds, warmupSeconds } = config.sts;
    const name = config.name ?? this.resultName;
    const loadBefore = loadavg()[0] ?? 0;
    progress('authorize: seeding two servers (enforce, off) with an organization, SCPs and a role session');
    const targets: Target[] = [];
    try {
      for (const mode of modes) targets.push(await seeded(mode));
      const samples = new Map<AuthorizationSetting, Sample>(modes.map((m) => [m, { latenciesUs: [], cpuUs: 0, requests: 0 }]));
      const warm = new Map<AuthorizationSetting, Sample>(modes.map((m) => [m, { latenciesUs: [], cpuUs: 0, requests: 0 }]));
      const end = (seconds: number) => Date.now() + seconds * 1000 * targets.length;
      for (const until = end(warmupSeconds); Date.now() < until; ) for (const t of targets) await batch(t, warm.get(t.mode)!);
      progress(`authorize: measuring for ${durationSeconds * targets.length} s, alternating batches of ${BATCH}`);
      for (const until = end(durationSeconds); Date.now() < until; ) for (const t of targets) await batch(t, samples.get(t.mode)!);
      // the engine's part alone: EngineDecider.decision for the same principal and request, layers cached as they are
      // on the request path
      const enforcing = targets.find((t) => t.mode === 'enforce')!;
      const engine = enforcing.server.authorization!;
      const question = { principal: enforcing.principal, request: { action: 'iam:ListAccountAliases', resources: ['*'], context: {} }, region };
      for (let i = 0; i < 2_000; i++) await engine.decision(question);
      const decisions = 20_000;
      const cpu = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < decisions; i++) await engine.decision(question);
      const decisionUs = Number(process.hrtime.bigint() - t0) / 1000 / decisions;
      const decisionCpu = process.cpuUsage(cpu);
      const decisionCpuUs = (decisionCpu.user + decisionCpu.system) / decisions;
      const enforce = summary(samples.get('enforce')!);
      const off = summary(samples.get('off')!);
      const loadAfter = loadavg()[0] ?? 0;
      const result = {
        ...resultHeader(name, new Date(), machine, gatehouseSource, loadBefore, loadAfter),
        method: {
          call: 'iam:ListAccountAliases (awsQuery POST /), signed once with a role session and replayed, one request at a time on one keep-alive connection',
          principal: 'a session of role ReadOnly (ReadOnlyAccess attached, IAMReadOnlyAccess as permissions boundary) in a member account of OU Production under Workloads, SCPs on both OUs and FullAWSAccess on the root',
          servers: 'two in-process servers on :memory: stores, --authorization enforce and --authorization off, in alternating batches',
          batch: BATCH,
          warmupSeconds,
          durationSeconds,
          cpu: "this process's CPU time (client and both servers share it; the client's part is the same for both)",
        },
        enforce,
        off,
        addedByAuthorization: {
          p50Us: round(enforce.p50Us - off.p50Us),
          meanUs: round(enforce.meanUs - off.meanUs),
          cpuUsPerRequest: round(enforce.cpuUsPerRequest - off.cpuUsPerRequest),
        },
        engineDecisionInProcess: { decisions, wallUsPerDecision: round(decisionUs, 2), cpuUsPerDecision: round(decisionCpuUs, 2) },
      };
      const widths = [30, 10, 10, 10, 16];
      const lines = [
        pad(['authorize step', 'p50 us', 'p99 us', 'mean us', 'CPU us/request'], widths),
        pad(['--authorization enforce', String(enforce.p50Us), String(enforce.p99Us), String(enforce.meanUs), String(enforce.cpuUsPerRequest)], widths),
        pad(['--authorization off', String(off.p50Us), String(off.p99Us), String(off.meanUs), String(off.cpuUsPerRequest)], widths),
        pad(['added by authorization', String(result.addedByAuthorization.p50Us), '', String(result.addedByAuthorization.meanUs), String(result.addedByAuthorization.cpuUsPerRequest)], widths),
        `the decision alone, in-process: ${round(decisionUs, 2)} us wall, ${round(decisionCpuUs, 2)} us CPU per decision`,
      ];
      return { name, date: new Date(), result, table: lines.join('\n'), complete: true };
    } finally {
      for (const t of targets) {
        t.agent.destroy();
        await t.server.close();
        await rm(t.dataDir, { recursive: true, force: true });
      }
    }
  },
};
