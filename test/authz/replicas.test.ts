import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { failure, type Credentials } from '../organizations/support.js';
import { gatehouseBin } from '../support/processes.js';
import { startReplicaPair, type ReplicaPair } from '../support/servers.js';

// Two servers on one store, as replicas behind a load balancer: a policy change made through one is enforced by the
// other, which cached the decision's policies before the change. On PostgreSQL its cache learns of the write through
// the store's notifications; on one SQLite file (a second `gatehouse serve` process on the same data directory)
// through PRAGMA data_version, read every quarter second. Not by expiry: the caches have none.

const iam = (url: string, credentials: Credentials) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const READ_USERS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });

/** Reader's policy removed through `a`; `b`, which allowed the call before, refuses it soon after. */
async function policyRemovalBindsOnTheOther(a: { url: string; root: Credentials }, bUrl: string): Promise<void> {
  const admin = iam(a.url, a.root);
  await admin.send(new CreateUserCommand({ UserName: 'reader' }));
  await admin.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'read-users', PolicyDocument: READ_USERS }));
  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
  const onB = iam(bUrl, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  await onB.send(new ListUsersCommand({}));

  await admin.send(new DeleteUserPolicyCommand({ UserName: 'reader', PolicyName: 'read-users' }));
  // the news arrives within milliseconds (PostgreSQL) or a quarter second (SQLite); poll rather than assume when
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = await onB.send(new ListUsersCommand({})).then(
      () => undefined,
      (error: Error) => error,
    );
    if (outcome) {
      assert.equal(outcome.name, 'AccessDenied');
      break;
    }
    assert.ok(Date.now() < deadline, 'replica B still allows the call 10 s after the policy went');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal((await failure(onB.send(new ListUsersCommand({})))).name, 'AccessDenied');
}

describe('authorization on two replicas of one PostgreSQL store', () => {
  let replicas: ReplicaPair;
  before(async () => {
    replicas = await startReplicaPair();
  });
  after(async () => replicas.close());

  it('a policy removed through one replica stops the call on the other', async () => {
    await policyRemovalBindsOnTheOther(replicas.a, replicas.b.url);
  });
});

describe('authorization in two server processes on one SQLite file', () => {
  let dataDir: string;
  let a: RunningServer;
  let b: ChildProcess | undefined;
  let bUrl: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-sqlite-replicas-'));
    const db = `sqlite:${join(dataDir, 'gatehouse.db')}`;
    a = await startServer({ port: 0, dataDir, db, logLevel: 'silent' });
    // one Store per SQLite file per process: the other server is a process of its own, as a second `gatehouse serve`
    const child = spawn(process.execPath, [gatehouseBin, 'serve', '--port', '0', '--data-dir', dataDir, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    b = child;
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    bUrl = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
  });
  after(async () => {
    if (b && b.exitCode === null) {
      const exited = new Promise((resolve) => b!.once('exit', resolve));
      b.kill('SIGTERM');
      await exited;
    }
    await a.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a policy removed through one process stops the call in the other', async () => {
    await policyRemovalBindsOnTheOther({ url: a.url, root: await a.iam.managementRootCredentials() }, bUrl);
  });
});
