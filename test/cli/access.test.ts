import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gatehouseBin, run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { portalWorld, type PortalWorld } from '../sso-portal/support.js';

// `gatehouse access who-can | what-can` against a running server: the aligned table, --all, --json, --verbose, and
// the server's refusals as messages with exit code 1. The store does not matter to a client: SQLite only.

const database = testDatabases.find((d) => d.name === 'sqlite')!;

describe('gatehouse access', () => {
  let t: TestServer;
  let world: PortalWorld;
  const gatehouse = (...args: string[]) => run(process.execPath, [gatehouseBin, 'access', ...args, '--port', new URL(t.url).port, '--data-dir', t.dataDir], { env: { PATH: process.env['PATH'] } });

  before(async () => {
    t = await startTestServer(database);
    world = await portalWorld(t, 'AccessCli');
  });
  after(async () => t.close());

  it('who-can prints an aligned table of who is allowed, and with --all who is not and why', async () => {
    const out = await gatehouse('who-can', 'iam:CreateUser', '--account', 'Production');
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `iam:CreateUser on *: 3 of 3 principals allowed in 1 account of ${world.org.organizationId}`);
    assert.equal(lines[1], '');
    const header = lines[2]!;
    assert.match(header, /^ACCOUNT +KIND +PRINCIPAL +ASSIGNED TO +WHY$/);
    const rows = lines.slice(3);
    assert.equal(rows.length, 3);
    for (const column of ['KIND', 'PRINCIPAL', 'WHY']) {
      const at = header.indexOf(column);
      for (const row of rows) {
        assert.equal(row.slice(at - 2, at), '  ', `${column} aligned in: ${row}`);
        assert.match(row[at] ?? '', /\S/, `${column} aligned in: ${row}`);
      }
    }
    const admin = rows.find((r) => r.includes('sso-role'))!;
    assert.match(admin, new RegExp(`^Production ${world.production} +sso-role +AdministratorAccess +group Admins \\(alice\\) +allowed by arn:aws:iam::aws:policy/AdministratorAccess statement #0$`));
    assert.ok(rows.some((r) => /^Production \d{12} +root +root +the root user/.test(r)));
    assert.ok(rows.some((r) => / iam-role +OrganizationAccountAccessRole /.test(r)));

    const all = await gatehouse('who-can', 'iam:CreateUser', '--account', 'Development', '--all');
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^ACCOUNT +KIND +PRINCIPAL +ASSIGNED TO +DECISION +WHY$/m);
    assert.match(all.stdout, /^Development \d{12} +sso-role +ReadOnlyAccess +user alice +ImplicitDeny +no identity-based policy allows it$/m);
  });

  it('who-can --json is the control API document', async () => {
    const out = await gatehouse('who-can', 'iam:CreateUser', '--organization', world.org.organizationId, '--json');
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout) as { action: string; accounts: { id: string }[]; principals: { kind: string; accountId: string; users?: string[]; permissionSet?: string }[] };
    assert.equal(report.action, 'iam:CreateUser');
    assert.equal(report.accounts.length, 4);
    assert.ok(report.principals.some((p) => p.kind === 'root' && p.accountId === world.org.accountId), 'the management account root');
    assert.deepEqual(
      report.principals.filter((p) => p.kind === 'sso-role').map((p) => [p.accountId, p.permissionSet, p.users]).sort(),
      [[world.development, 'AdministratorAccess', ['alice']], [world.production, 'AdministratorAccess', ['alice']]].sort(),
    );
  });

  it('what-can counts by access level, names the actions with --verbose, and prints JSON', async () => {
    const out = await gatehouse('what-can', 'alice', '--organization', world.org.organizationId, '--service', 'iam');
    assert.equal(out.code, 0, out.stderr);
    const readOnly = out.stdout.split('\n\n').find((block) => block.includes('ReadOnlyAccess'))!;
    assert.match(readOnly, new RegExp(`^Development ${world.development}  sso-role ReadOnlyAccess \\(AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}\\)\\n  as arn:aws:sts::`));
    assert.match(readOnly, /^ {2}SERVICE +ALLOWED +LIST +READ +WRITE +PERMISSIONS +TAGGING$/m);
    assert.match(readOnly, /^ {2}iam +\d+\/\d+ +[1-9]\d* +[1-9]\d* +0 +0 +0$/m);
    assert.doesNotMatch(readOnly, /GetRole/, 'counts only without --verbose');
    assert.match(out.stdout, /^ {2}iam +all \d+ /m, 'AdministratorAccess may do every iam action');

    const verbose = await gatehouse('what-can', 'alice', '--organization', world.org.organizationId, '--service', 'iam', '--verbose');
    assert.match(verbose.stdout, /^ {2}iam Read: .*\bGetRole\b/m);
    const json = await gatehouse('what-can', 'alice', '--organization', world.org.organizationId, '--service', 'iam', '--json');
    const report = JSON.parse(json.stdout) as { sessions: { permissionSet: string; services: { levels: Record<string, string[]> }[] }[] };
    assert.equal(report.sessions.length, 3);
    assert.ok(report.sessions.every((s) => s.services[0]!.levels['List']!.includes('iam:ListRoles')));
  });

  it("prints the server's refusals with exit code 1, and has examples in --help", async () => {
    const bad = await gatehouse('who-can', 'CreateUser');
    assert.equal(bad.code, 1);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^gatehouse: action must be service:Action, e\.g\. iam:CreateUser/);
    const unknown = await gatehouse('what-can', 'nobody', '--organization', world.org.organizationId);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No Identity Center user "nobody"/);
    for (const sub of ['who-can', 'what-can']) {
      const help = await run(process.execPath, [gatehouseBin, 'access', sub, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`Examples:\\n  gatehouse access ${sub} `));
    }
  });
});
