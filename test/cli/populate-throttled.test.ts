import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { writeToken } from '../../src/cli/sso/token-cache.js';
import { TempHome, sessionConfig } from './support.js';

// AWS's portal allows about 20 calls a second and answers the rest 429 TooManyRequestsException (Granted #811 hit
// it at 620 of 665 accounts). gatehouse does not throttle, so this stand-in for AWS's portal does: it rejects every
// call beyond 5 in flight or 30 in a burst window, and populate must still write every profile.

const accounts = Array.from({ length: 60 }, (_, i) => ({ accountId: String(100000000000 + i), accountName: `Account ${String(i).padStart(2, '0')}`, emailAddress: `a${i}@example.com` }));

function throttlingPortal(): { server: Server; stats: { calls: number; throttled: number } } {
  const stats = { calls: 0, throttled: 0 };
  let inFlight = 0;
  let windowStart = 0;
  let windowCalls = 0;
  const server = createServer((request, response) => {
    stats.calls++;
    const url = new URL(request.url ?? '/', 'http://x');
    const now = Date.now();
    if (now - windowStart > 100) [windowStart, windowCalls] = [now, 0];
    windowCalls++;
    const json = (status: number, body: unknown, type?: string) => {
      response.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-ErrorType': type } : {}) }).end(JSON.stringify(body));
    };
    if (request.headers['x-amz-sso_bearer_token'] !== 'at-throttle') return json(401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
    if (inFlight >= 5 || windowCalls > 30) {
      stats.throttled++;
      return json(429, { message: 'Too many requests' }, 'TooManyRequestsException');
    }
    inFlight++;
    setTimeout(() => {
      inFlight--;
      const max = Number(url.searchParams.get('max_result') ?? 100);
      const start = Number(url.searchParams.get('next_token') ?? 0);
      if (url.pathname === '/assignment/accounts') {
        const page = accounts.slice(start, start + Math.min(max, 25));
        return json(200, { accountList: page, ...(start + page.length < accounts.length ? { nextToken: String(start + page.length) } : {}) });
      }
      if (url.pathname === '/assignment/roles') {
        const accountId = url.searchParams.get('account_id')!;
        const index = Number(accountId) - 100000000000;
        const roles = ['AdministratorAccess', 'ReadOnlyAccess', ...(index % 2 === 0 ? ['Billing'] : [])];
        // Two pages per account: the listing follows nextToken.
        const page = start === 0 ? roles.slice(0, 2) : roles.slice(2);
        return json(200, { roleList: page.map((roleName) => ({ roleName, accountId })), ...(start === 0 && roles.length > 2 ? { nextToken: '2' } : {}) });
      }
      json(404, { message: 'no such path' }, 'ResourceNotFoundException');
    }, 2);
  });
  return { server, stats };
}

describe('populate against a throttling portal', () => {
  let home: TempHome;
  let portal: ReturnType<typeof throttlingPortal>;
  let endpoint: string;
  before(async () => {
    home = await TempHome.create();
    portal = throttlingPortal();
    await new Promise<void>((resolve) => portal.server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(portal.server.address() as AddressInfo).port}`;
    await home.write('.aws/config', '# mine\n[profile mine]\nregion = us-east-1\n\n' + sessionConfig);
    await writeToken(
      { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', scopes: ['sso:account:access'] },
      { startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', accessToken: 'at-throttle', expiresAt: '2099-01-01T00:00:00Z' },
      home.env(),
    );
  });
  after(async () => {
    portal.server.close();
    await home.remove();
  });

  it('backs off on TooManyRequestsException and writes every account x role', async () => {
    const result = await home.gatehouse(['populate', '--endpoint', endpoint, '--prefix', 'acme_', '--concurrency', '16']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(portal.stats.throttled > 0, 'the portal throttled some calls');
    const config = await home.read('.aws/config');
    assert.ok(config.startsWith('# mine\n[profile mine]\nregion = us-east-1\n\n' + sessionConfig));
    const names = [...config.matchAll(/^\[profile (acme_[^\]]+)\]$/gm)].map((m) => m[1]);
    assert.equal(names.length, 150);
    assert.equal(names[0], 'acme_Account-00/AdministratorAccess');
    assert.ok(names.includes('acme_Account-58/Billing'));
    assert.match(config, /\[profile acme_Account-07\/ReadOnlyAccess\]\nsso_session = acme\nsso_account_id = 100000000007\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\n/);
    assert.match(result.stderr, /150 added, 0 changed, 0 removed, 0 unchanged \(60 accounts\)/);
  });

  it('dry run prints the changes and writes nothing; --prune removes what is gone, without it stale profiles stay', async () => {
    const before = await home.read('.aws/config');
    accounts.splice(50);
    const dry = await home.gatehouse(['populate', '--endpoint', endpoint, '--prefix', 'acme_', '--region', 'us-west-2', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(await home.read('.aws/config'), before);
    assert.match(dry.stdout, /^~ \[profile acme_Account-00\/AdministratorAccess\] {2}region$/m);
    assert.doesNotMatch(dry.stdout, /^- /m);
    assert.match(dry.stderr, /0 added, 125 changed, 0 removed, 0 unchanged, 25 kept \(no longer listed; --prune removes them\)/);

    const kept = await home.gatehouse(['populate', '--endpoint', endpoint, '--prefix', 'acme_']);
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(await home.read('.aws/config'), /\[profile acme_Account-54\/Billing\]/);

    const pruned = await home.gatehouse(['populate', '--endpoint', endpoint, '--prefix', 'acme_', '--prune', '--dry-run']);
    assert.match(pruned.stdout, /^- \[profile acme_Account-54\/Billing\] {2}\(100000000054\) Billing$/m);
    const done = await home.gatehouse(['populate', '--endpoint', endpoint, '--prefix', 'acme_', '--prune']);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /0 added, 0 changed, 25 removed, 125 unchanged/);
    const config = await home.read('.aws/config');
    assert.doesNotMatch(config, /Account-5[0-9]/);
    assert.ok(config.startsWith('# mine\n[profile mine]\nregion = us-east-1\n\n' + sessionConfig));
  });
});
