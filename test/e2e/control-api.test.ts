import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { systemClock } from '../../src/lib/clock.js';
import { createServices } from '../../src/server/services.js';
import { enableIdentityCenter } from '../identitystore/support.js';
import { enabledOrganization } from '../sso-admin/support.js';
import { gatehouseBin, run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// The local control API: health, reset, export and import of the whole state, its bearer token, and Identity
// Center's console settings (with `gatehouse identity-center settings`, its client).

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

for (const database of testDatabases) {
  describe(`control API: Identity Center settings (${database.name})`, () => {
    let t: TestServer;
    let auth: Record<string, string>;
    before(async () => {
      t = await startTestServer(database);
      auth = { authorization: `Bearer ${t.server.controlToken}` };
    });
    after(async () => t.close());

    const settingsUrl = () => `${t.url}/_gatehouse/identity-center/settings`;
    const put = async (body: unknown) => {
      const res = await fetch(settingsUrl(), { method: 'PUT', headers: auth, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('needs the token and an instance; reads the defaults; sets the alias once; validates every field', async () => {
      assert.equal((await fetch(settingsUrl())).status, 401);
      assert.equal((await fetch(settingsUrl(), { method: 'PUT', body: '{}' })).status, 401);
      const none = await fetch(settingsUrl(), { headers: auth });
      assert.equal(none.status, 404);
      assert.match(((await none.json()) as { message: string }).message, /create-instance/);

      const center = await enableIdentityCenter(t);
      const defaults = await (await fetch(settingsUrl(), { headers: auth })).json();
      assert.deepEqual(defaults, {
        instanceArn: center.instanceArn,
        identityStoreId: center.identityStoreId,
        startUrl: `${t.url}/start/${center.identityStoreId}`,
        alias: null,
        sessionDuration: '8h',
        sessionDurationMinutes: 480,
        mfa: 'always-on',
        identitySource: 'identity-center-directory',
      });

      const set = await put({ alias: `corp-${database.name}`, sessionDuration: '12h', mfa: 'context-aware' });
      assert.equal(set.status, 200);
      assert.equal(set.body['startUrl'], `${t.url}/start/corp-${database.name}`);
      assert.equal(set.body['sessionDuration'], '12h');
      assert.equal(set.body['mfa'], 'context-aware');
      // the alias is set once: the same one again is no change, another one is a conflict
      assert.equal((await put({ alias: `corp-${database.name}` })).status, 200);
      const again = await put({ alias: 'other' });
      assert.equal(again.status, 409);
      assert.match(String(again.body['message']), /only once/);
      // one setting changes without touching the others
      const longer = await put({ sessionDuration: '90d' });
      assert.deepEqual([longer.body['sessionDuration'], longer.body['sessionDurationMinutes'], longer.body['mfa'], longer.body['alias']], ['90d', 129600, 'context-aware', `corp-${database.name}`]);
      assert.equal((await put({ sessionDuration: '1h30m' })).body['sessionDurationMinutes'], 90);

      for (const [body, pattern] of [
        [{ sessionDuration: '14m' }, /15 minutes to 90 days/],
        [{ sessionDuration: '91d' }, /15 minutes to 90 days/],
        [{ sessionDuration: 'forever' }, /such as 8h/],
        [{ mfa: 'sometimes' }, /always-on, context-aware, disabled/],
        [{ identitySource: 'okta' }, /identity-center-directory/],
        [{ colour: 'blue' }, /Unknown setting "colour"/],
        [{ alias: 5 }, /alias must be a string/],
        ['[1]', /JSON object/],
        ['{"mfa":', /not valid JSON/],
      ] as const) {
        const refused = await put(body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.match(String(refused.body['message']), pattern);
      }
      const after = (await (await fetch(settingsUrl(), { headers: auth })).json()) as Record<string, unknown>;
      assert.equal(after['sessionDuration'], '1h30m', 'a refused change changes nothing');
    });

    it('an alias is not valid DNS, looks like an identity store id, or belongs to another instance', async () => {
      const { ssoAdmin } = createServices({ store: t.server.store, iam: t.server.iam, clock: systemClock, accountCreationDelayMs: 0, wakeJobsAt: () => {} });
      const other = await enabledOrganization(t, 'OtherPortal');
      for (const alias of ['ab', 'Corp', '-corp', 'corp-', 'd-1234567890', 'a'.repeat(64), 'my_company']) {
        await assert.rejects(ssoAdmin.portalSettings.update(other.accountId, { alias }), { kind: 'invalid' }, alias);
      }
      await assert.rejects(ssoAdmin.portalSettings.update(other.accountId, { alias: `corp-${database.name}` }), { kind: 'conflict', message: /already used by another instance/ });
      const mine = await ssoAdmin.portalSettings.update(other.accountId, { alias: `other-${database.name}` });
      assert.equal(mine.startPath, `/start/other-${database.name}`);
    });

    it('`gatehouse identity-center settings` shows and changes them through the control API', async () => {
      const port = new URL(t.url).port;
      const base = [gatehouseBin, 'identity-center', 'settings', '--port', port, '--data-dir', t.dataDir];
      const env = { PATH: process.env['PATH'] };
      const shown = await run(process.execPath, base, { env });
      assert.equal(shown.code, 0, shown.stderr);
      assert.equal((JSON.parse(shown.stdout) as { startUrl: string }).startUrl, `${t.url}/start/corp-${database.name}`);

      const changed = await run(process.execPath, [...base, '--session-duration', '8h', '--mfa', 'disabled'], { env });
      assert.equal(changed.code, 0, changed.stderr);
      assert.deepEqual(
        (({ sessionDuration, mfa }) => ({ sessionDuration, mfa }))(JSON.parse(changed.stdout) as { sessionDuration: string; mfa: string }),
        { sessionDuration: '8h', mfa: 'disabled' },
      );
      const refused = await run(process.execPath, [...base, '--alias', 'another-one'], { env });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /gatehouse: The access portal URL alias is already set to corp-/);
      const bad = await run(process.execPath, [...base, '--session-duration', '5m'], { env });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /15 minutes to 90 days/);
    });
  });
}
