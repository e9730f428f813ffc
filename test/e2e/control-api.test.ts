import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// The local control API: health, reset, export and import of the whole state, and its bearer token.

async function whoAmI(url: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const client = new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    return (await client.send(new GetCallerIdentityCommand({}))).Arn ?? '';
  } catch (error) {
    return (error as Error).name;
  }
}

for (const database of testDatabases) {
  describe(`control API (${database.name})`, () => {
    let t: TestServer;
    let auth: Record<string, string>;
    before(async () => {
      t = await startTestServer(database);
      auth = { authorization: `Bearer ${t.server.controlToken}` };
    });
    after(async () => t.close());

    it('answers health without a token and refuses everything else without one', async () => {
      const health = await fetch(`${t.url}/_gatehouse/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', version: '0.1.0', store: database.name });
      for (const [method, path] of [['POST', 'reset'], ['GET', 'state'], ['PUT', 'state'], ['GET', 'root-credentials']] as const) {
        const res = await fetch(`${t.url}/_gatehouse/${path}`, { method, headers: { authorization: 'Bearer wrong' } });
        assert.equal(res.status, 401, `${method} ${path}`);
      }
    });

    it('creates standalone accounts, refusing bad input and a used email', async () => {
      const post = (body: string) => fetch(`${t.url}/_gatehouse/accounts`, { method: 'POST', headers: auth, body });
      const created = await post(JSON.stringify({ name: 'Solo', email: `solo-${database.name}@example.com` }));
      assert.equal(created.status, 201);
      const solo = (await created.json()) as { accountId: string; accessKeyId: string; secretAccessKey: string };
      assert.equal(await whoAmI(t.url, solo), `arn:aws:iam::${solo.accountId}:root`);
      assert.equal((await post(JSON.stringify({ name: 'Again', email: `SOLO-${database.name}@example.com` }))).status, 409);
      assert.equal((await post(JSON.stringify({ name: 'No email' }))).status, 400);
      assert.equal((await post('{"name":')).status, 400);
    });

    it('export, reset and import restore the whole state, credentials included', async () => {
      const exported = await (await fetch(`${t.url}/_gatehouse/state`, { headers: auth })).json() as { format: string; tables: Record<string, unknown[]> };
      assert.equal(exported.format, 'gatehouse-state');
      assert.ok(exported.tables['accounts']?.some((row) => (row as { id: string }).id === t.root.accountId));

      const reset = await (await fetch(`${t.url}/_gatehouse/reset`, { method: 'POST', headers: auth })).json() as {
        rootCredentials: { accountId: string; accessKeyId: string; secretAccessKey: string };
      };
      assert.notEqual(reset.rootCredentials.accountId, t.root.accountId);
      assert.equal(await whoAmI(t.url, t.root), 'InvalidClientTokenId');
      assert.equal(await whoAmI(t.url, reset.rootCredentials), `arn:aws:iam::${reset.rootCredentials.accountId}:root`);

      const bad = await fetch(`${t.url}/_gatehouse/state`, { method: 'PUT', headers: auth, body: JSON.stringify({ ...exported, format: 'other' }) });
      assert.equal(bad.status, 400);
      assert.equal(await whoAmI(t.url, reset.rootCredentials), `arn:aws:iam::${reset.rootCredentials.accountId}:root`, 'a refused import changes nothing');
      const broken = await fetch(`${t.url}/_gatehouse/state`, { method: 'PUT', headers: auth, body: '{"format":' });
      assert.equal(broken.status, 400);

      const imported = await fetch(`${t.url}/_gatehouse/state`, { method: 'PUT', headers: auth, body: JSON.stringify(exported) });
      assert.equal(imported.status, 200);
      assert.equal(await whoAmI(t.url, t.root), `arn:aws:iam::${t.root.accountId}:root`);
      assert.equal(await whoAmI(t.url, reset.rootCredentials), 'InvalidClientTokenId');

      const root = await (await fetch(`${t.url}/_gatehouse/root-credentials`, { headers: auth })).json();
      const { accountId, accessKeyId, secretAccessKey } = t.root;
      assert.deepEqual(root, { accountId, accessKeyId, secretAccessKey });
    });
  });
}
