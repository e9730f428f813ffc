import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  ListAccountAssignmentsCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
  type ListAccountAssignmentsCommandOutput,
} from '@aws-sdk/client-sso-admin';
import { IdentitystoreClient, ListUsersCommand } from '@aws-sdk/client-identitystore';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { gatehouseBin } from '../support/processes.js';

// `gatehouse serve` as a process: first-start bootstrap printed once with the demo organization built (or not, with
// --empty), the embedded store persisting across restarts, and graceful shutdown on SIGTERM that finishes a request
// still in flight.

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

async function serve(dataDir: string, ...extra: string[]): Promise<Served> {
  const child = spawn(process.execPath, [gatehouseBin, 'serve', '--port', '0', '--data-dir', dataDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

describe('gatehouse serve (process)', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-serve-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the root credentials once, keeps state across restarts, and keeps secrets out of stdout logs', async () => {
    const first = await serve(dataDir);
    const key = /AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})\s+AWS_SECRET_ACCESS_KEY=(\S+)/.exec(first.stderr());
    assert.ok(key, `bootstrap banner expected, got: ${first.stderr()}`);
    const credentials = { accessKeyId: key[1]!, secretAccessKey: key[2]! };
    const client = (url: string) => new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const arn = (await client(first.url).send(new GetCallerIdentityCommand({}))).Arn;
    assert.match(arn ?? '', /^arn:aws:iam::\d{12}:root$/);
    // The demo organization of the tutorials was built on this first start.
    const org = new OrganizationsClient({ endpoint: first.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const accounts = (await org.send(new ListAccountsCommand({}))).Accounts ?? [];
    assert.deepEqual(accounts.map((a) => a.Name).sort(), ['Development', 'Experiments', 'Marketplace', 'Production', 'QA', 'Security', 'Workshops', 'management']);
    const rootId = (await org.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
    const ous = (await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))).OrganizationalUnits ?? [];
    assert.deepEqual(ous.map((ou) => ou.Name).sort(), ['Marketplace', 'Sandbox', 'Shared', 'Workloads']);
    assert.match(first.stderr(), /Demo organization o-[a-z0-9]{10}/);
    // ... and IAM Identity Center on it: the Admin group with its user, both permission sets on every account.
    const sso = new SSOAdminClient({ endpoint: first.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const instance = (await sso.send(new ListInstancesCommand({}))).Instances?.[0];
    assert.ok(instance?.InstanceArn && instance.IdentityStoreId);
    const sets = (await sso.send(new ListPermissionSetsCommand({ InstanceArn: instance.InstanceArn }))).PermissionSets ?? [];
    assert.equal(sets.length, 2);
    const production = accounts.find((a) => a.Name === 'Production')!.Id!;
    for (const PermissionSetArn of sets) {
      const listed: ListAccountAssignmentsCommandOutput = await sso.send(new ListAccountAssignmentsCommand({ InstanceArn: instance.InstanceArn, AccountId: production, PermissionSetArn }));
      assert.deepEqual((listed.AccountAssignments ?? []).map((assignment) => assignment.PrincipalType), ['GROUP']);
    }
    const store = new IdentitystoreClient({ endpoint: first.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const users = (await store.send(new ListUsersCommand({ IdentityStoreId: instance.IdentityStoreId }))).Users ?? [];
    assert.deepEqual(users.map((u) => u.UserName), ['admin']);
    // ... and says where the access portal is and whom to sign in as
    const portal = /AWS access portal: (http:\/\/\S+)\n\s+sign in as admin with the one-time password (\S+);/.exec(first.stderr());
    assert.ok(portal, first.stderr());
    assert.equal(portal[1], `${first.url}/start/${instance.IdentityStoreId}`);
    assert.ok(portal[2]!.length >= 12, 'a one-time password is printed');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);

    assert.equal((await stat(join(dataDir, 'secret.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dataDir, 'control-token'))).mode & 0o777, 0o600);

    const second = await serve(dataDir);
    assert.doesNotMatch(second.stderr(), /AWS_SECRET_ACCESS_KEY/);
    assert.equal((await client(second.url).send(new GetCallerIdentityCommand({}))).Arn, arn);
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  });

  it('--empty starts a new data directory with the management account only', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'gatehouse-empty-'));
    try {
      const served = await serve(emptyDir, '--empty');
      const key = /AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})\s+AWS_SECRET_ACCESS_KEY=(\S+)/.exec(served.stderr());
      assert.ok(key);
      const org = new OrganizationsClient({ endpoint: served.url, region: 'us-east-1', credentials: { accessKeyId: key[1]!, secretAccessKey: key[2]! }, maxAttempts: 1 });
      await assert.rejects(org.send(new DescribeOrganizationCommand({})), { name: 'AWSOrganizationsNotInUseException' });
      assert.doesNotMatch(served.stderr(), /Demo organization/);
      assert.doesNotMatch(served.stderr(), /AWS access portal/);
      served.child.kill('SIGTERM');
      assert.equal(await served.exited, 0);
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const served = await serve(dataDir);
    const token = (await readFile(join(dataDir, 'control-token'), 'utf8')).trim();
    const credentials = (await (await fetch(`${served.url}/_gatehouse/root-credentials`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    const { hostname, port } = new URL(served.url);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = await new SignatureV4({ credentials, region: 'us-east-1', service: 'sts', sha256: Sha256 }).sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname,
        port: Number(port),
        path: '/',
        headers: { host: `${hostname}:${port}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) },
        body,
      }),
    );
    const head = `POST / HTTP/1.1\r\n${Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;

    const socket = connect(Number(port), hostname);
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(head + body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    served.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.write(body.slice(10));
    await closed;
    assert.match(response, /^HTTP\/1\.1 200/);
    assert.match(response, /<GetCallerIdentityResponse/);
    assert.equal(await served.exited, 0);
  });
});
