import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from '../../src/services/sso-portal/sign-in/passwords.js';
import { base32Decode, base32Encode, matchTotp, otpauthUri, totpCode, totpStep } from '../../src/services/sso-portal/sign-in/totp.js';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS, type SignInStep } from '../../src/services/sso-portal/sign-in/domain.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { Authenticator, PASSWORD, portalWorld, signIn, testClock, type PortalWorld } from './support.js';

// The sign-in domain the portal pages call: TOTP against RFC 6238's vectors, the password rules and hashes, and the
// flows on a real store: a one-time password changed at the first sign-in, MFA registration and prompts, wrong and
// replayed codes, lockout and its end, sessions and their expiry, invitation tokens, an administrator's MFA reset,
// and the control API routes an administrator uses.

describe('TOTP (RFC 6238, SHA-1, 30 s, 6 digits)', () => {
  // RFC 6238 appendix B, secret "12345678901234567890", truncated to the last 6 of its 8 digits
  const secret = base32Encode(Buffer.from('12345678901234567890'));
  it('matches the RFC test vectors', () => {
    assert.equal(secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [t, code] of [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ] as const) {
      assert.equal(totpCode(secret, totpStep(t * 1000)), code, `T=${t}`);
    }
    assert.deepEqual(base32Decode(secret.toLowerCase()), Buffer.from('12345678901234567890'));
  });

  it('accepts one step either side, refuses older and used steps', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    assert.equal(matchTotp(secret, totpCode(secret, step), now, null), step);
    assert.equal(matchTotp(secret, totpCode(secret, step - 1), now, null), step - 1);
    assert.equal(matchTotp(secret, totpCode(secret, step + 1), now, null), step + 1);
    assert.equal(matchTotp(secret, totpCode(secret, step - 2), now, null), undefined);
    assert.equal(matchTotp(secret, totpCode(secret, step), now, step), undefined, 'a replay of the last accepted step');
    assert.equal(matchTotp(secret, 'abcdef', now, null), undefined);
    assert.match(otpauthUri('gatehouse', 'alice@d-1234567890', secret), /^otpauth:\/\/totp\/gatehouse:alice%40d-1234567890\?secret=GEZ.*&issuer=gatehouse&algorithm=SHA1&digits=6&period=30$/);
  });
});

describe('passwords', () => {
  it('follows the Identity Center directory rules', () => {
    assert.equal(passwordProblem('Sh0rt!'), 'The password must be between 8 and 64 characters long.');
    assert.match(passwordProblem('alllowercase1!') ?? '', /upper-case/);
    assert.match(passwordProblem('ALLUPPERCASE1!') ?? '', /lower-case/);
    assert.match(passwordProblem('NoDigitsHere!') ?? '', /digit/);
    assert.match(passwordProblem('NoSymbols123') ?? '', /non-alphanumeric/);
    assert.equal(passwordProblem(PASSWORD), undefined);
    for (let i = 0; i < 20; i++) assert.equal(passwordProblem(generatePassword()), undefined);
  });

  it('hashes with scrypt and a salt, and verifies', async () => {
    const [a, b] = [await hashPassword(PASSWORD), await hashPassword(PASSWORD)];
    assert.notEqual(a, b);
    assert.match(a, /^scrypt\$15\$8\$1\$/);
    assert.ok(!a.includes(PASSWORD));
    assert.equal(await verifyPassword(PASSWORD, a), true);
    assert.equal(await verifyPassword('Correct-Horse-9-Batterx', a), false);
    assert.equal(await verifyPassword(PASSWORD, 'garbage'), false);
  });
});

for (const database of testDatabases) {
  describe(`sign-in to the access portal (${database.name})`, () => {
    const clock = testClock();
    const authenticator = new Authenticator(clock);
    let t: TestServer;
    let world: PortalWorld;
    before(async () => {
      t = await startTestServer(database, { clock: clock.clock });
      world = await portalWorld(t, 'SignIn');
    });
    after(async () => t.close());

    const expectKind = (step: SignInStep, kind: SignInStep['kind'], reason?: string) => {
      assert.equal(step.kind, kind, JSON.stringify(step));
      if (reason !== undefined && step.kind === 'rejected') assert.equal(step.reason, reason, step.message);
      return step;
    };

    it('takes a one-time password to a new password, an MFA device and a session', async () => {
      const domain = t.server.signIn;
      const set = await domain.setPassword({ identityStoreId: world.storeId, userName: 'carol-missing' }).catch((e: Error) => e);
      assert.match(String(set), /no user carol-missing/);
      const reset = await domain.setPassword({ identityStoreId: world.storeId, userName: 'bob' });
      assert.equal(reset.temporary, true);
      assert.equal(passwordProblem(reset.password!), undefined);

      const first = expectKind(await domain.startSignIn(world.startUrl, 'BOB', reset.password!), 'change-password');
      assert.ok(first.kind === 'change-password');
      assert.equal(first.userName, 'bob');
      expectKind(await domain.changePassword(first.challenge, 'weak'), 'rejected', 'password-rejected');
      expectKind(await domain.changePassword(first.challenge, reset.password!), 'rejected', 'password-rejected');
      expectKind(await domain.changePassword(first.challenge, PASSWORD), 'rejected', 'password-rejected');
      const enrol = expectKind(await domain.changePassword(first.challenge, 'Brand-New-Passw0rd'), 'enrol-mfa');
      assert.ok(enrol.kind === 'enrol-mfa');
      assert.equal(enrol.challenge, first.challenge);
      expectKind(await domain.verifyMfa(enrol.challenge, '123456'), 'rejected', 'expired');
      const enrolment = await domain.enrolMfa(enrol.challenge);
      assert.ok(enrolment.kind === 'mfa-enrolment');
      assert.match(enrolment.secret, /^[A-Z2-7]{32}$/);
      assert.ok(enrolment.otpauthUri.includes(`secret=${enrolment.secret}`));
      authenticator.register('bob', enrolment.secret);
      const wrong = String((Number(totpCode(enrolment.secret, totpStep(clock.clock.now().getTime()))) + 1) % 1_000_000).padStart(6, '0');
      expectKind(await domain.verifyMfa(enrol.challenge, wrong), 'rejected', 'invalid-code');
      const done = expectKind(await domain.verifyMfa(enrol.challenge, authenticator.code('bob')), 'signed-in');
      assert.ok(done.kind === 'signed-in');
      assert.equal(done.session.userName, 'bob');
      assert.equal(done.session.identityStoreId, world.storeId);
      assert.equal(done.session.instanceArn, world.org.instanceArn);
      assert.equal(done.session.expiresAt - clock.clock.now().getTime() <= 8 * 3600_000, true);
      assert.notEqual(done.cookie, enrol.challenge, 'the session gets a value of its own');
      expectKind(await domain.verifyMfa(enrol.challenge, authenticator.code('bob')), 'rejected', 'expired');

      assert.equal((await domain.session(done.cookie))?.userId, world.bob);
      assert.equal(await domain.session(enrol.challenge), undefined);
      await domain.signOut(done.cookie);
      assert.equal(await domain.session(done.cookie), undefined);
      expectKind(await domain.startSignIn(world.startUrl, 'bob', reset.password!), 'rejected', 'invalid-credentials');
      await domain.setPassword({ identityStoreId: world.storeId, userName: 'bob' }, { password: PASSWORD, temporary: false });
    });

    it('asks enrolled users for a code every time, and refuses a code used before', async () => {
      const domain = t.server.signIn;
      await signIn(domain, authenticator, world.startUrl, 'alice');
      const step = expectKind(await domain.startSignIn(world.startUrl, 'alice', PASSWORD), 'verify-mfa');
      assert.ok(step.kind === 'verify-mfa');
      const code = authenticator.code('alice');
      const signedIn = expectKind(await domain.verifyMfa(step.challenge, code), 'signed-in');
      assert.ok(signedIn.kind === 'signed-in');
      const again = expectKind(await domain.startSignIn(world.startUrl, 'alice', PASSWORD), 'verify-mfa');
      assert.ok(again.kind === 'verify-mfa');
      expectKind(await domain.verifyMfa(again.challenge, code), 'rejected', 'invalid-code');
      expectKind(await domain.verifyMfa(again.challenge, authenticator.code('alice')), 'signed-in');
    });

    it('answers an unknown user, a wrong password and a wrong start URL alike, without telling users apart', async () => {
      const domain = t.server.signIn;
      const unknown = expectKind(await domain.startSignIn(world.startUrl, 'nobody', PASSWORD), 'rejected', 'invalid-credentials');
      const wrong = expectKind(await domain.startSignIn(world.startUrl, 'alice', 'Wrong-Passw0rd'), 'rejected', 'invalid-credentials');
      assert.deepEqual(unknown, wrong);
      expectKind(await domain.startSignIn(`${t.url}/start/d-0000000000`, 'alice', PASSWORD), 'rejected', 'unknown-instance');
      // the failure above counted: a completed sign-in clears it
      await signIn(domain, authenticator, world.startUrl, 'alice');
    });

    it(`locks a user for ${LOCKOUT_MS / 60_000} minutes after ${MAX_FAILED_ATTEMPTS} failures, the right password included`, async () => {
      const domain = t.server.signIn;
      for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) expectKind(await domain.startSignIn(world.startUrl, 'alice', `Wrong-Passw0rd-${i}`), 'rejected', 'invalid-credentials');
      const step = expectKind(await domain.startSignIn(world.startUrl, 'alice', PASSWORD), 'verify-mfa');
      assert.ok(step.kind === 'verify-mfa');
      // the fifth failure in a row is a wrong code: MFA failures count too
      const before = clock.clock.now().getTime();
      const locked = expectKind(await domain.verifyMfa(step.challenge, '000000'), 'rejected', 'locked');
      assert.ok(locked.kind === 'rejected' && locked.lockedUntil !== undefined);
      assert.ok(locked.lockedUntil >= before + LOCKOUT_MS && locked.lockedUntil <= clock.clock.now().getTime() + LOCKOUT_MS);
      expectKind(await domain.verifyMfa(step.challenge, authenticator.code('alice')), 'rejected', 'expired');
      expectKind(await domain.startSignIn(world.startUrl, 'alice', PASSWORD), 'rejected', 'locked');
      clock.advance(LOCKOUT_MS - 60_000);
      expectKind(await domain.startSignIn(world.startUrl, 'alice', PASSWORD), 'rejected', 'locked');
      clock.advance(60_000);
      await signIn(domain, authenticator, world.startUrl, 'alice');
    });

    it('ends sessions when the portal session duration has passed', async () => {
      const domain = t.server.signIn;
      const { cookie, session } = await signIn(domain, authenticator, world.startUrl, 'alice');
      const left = session.expiresAt - clock.clock.now().getTime();
      assert.ok(left > 8 * 3600_000 - 60_000 && left <= 8 * 3600_000, `${left} ms left of an 8-hour session`);
      clock.advance(left - 30_000);
      assert.ok(await domain.session(cookie));
      clock.advance(30_000);
      assert.equal(await domain.session(cookie), undefined);
    });

    it('sets a password from an invitation link once', async () => {
      const domain = t.server.signIn;
      const minted = await domain.mintPasswordToken({ identityStoreId: world.storeId, userName: 'bob' });
      assert.equal((await domain.passwordToken(minted.token))?.userName, 'bob');
      const replaced = await domain.mintPasswordToken({ identityStoreId: world.storeId, userName: 'bob' });
      assert.equal(await domain.passwordToken(minted.token), undefined, 'a new link voids the old one');
      const weak = await domain.redeemPasswordToken(replaced.token, 'password');
      assert.equal(weak.kind === 'rejected' && weak.reason, 'password-rejected');
      assert.deepEqual(await domain.redeemPasswordToken(replaced.token, 'Invited-Passw0rd'), { kind: 'password-set', userName: 'bob' });
      const again = await domain.redeemPasswordToken(replaced.token, 'Another-Passw0rd');
      assert.equal(again.kind === 'rejected' && again.reason, 'expired');
      await signIn(domain, authenticator, world.startUrl, 'bob', 'Invited-Passw0rd');
    });

    it('makes a user register a new MFA device after an administrator resets it', async () => {
      const domain = t.server.signIn;
      const { cookie } = await signIn(domain, authenticator, world.startUrl, 'bob', 'Invited-Passw0rd');
      await domain.resetMfa({ identityStoreId: world.storeId, userName: 'bob' });
      assert.equal(await domain.session(cookie), undefined, 'the reset ends the user\'s sessions');
      expectKind(await domain.startSignIn(world.startUrl, 'bob', 'Invited-Passw0rd'), 'enrol-mfa');
    });

    it('keeps passwords and MFA devices through a state export and import (TOTP secrets re-sealed)', async () => {
      const headers = { authorization: `Bearer ${t.server.controlToken}`, 'content-type': 'application/json' };
      const exported = await (await fetch(`${t.url}/_gatehouse/state`, { headers })).text();
      assert.ok(!exported.includes(PASSWORD), 'passwords travel as hashes');
      const imported = await fetch(`${t.url}/_gatehouse/state`, { method: 'PUT', headers, body: exported });
      assert.equal(imported.status, 200, await imported.text());
      await signIn(t.server.signIn, authenticator, world.startUrl, 'alice');
    });

    it('offers the administrator routes on the control API', async () => {
      const route = (path: string, init: RequestInit = {}, token: string | null = t.server.controlToken) =>
        fetch(`${t.url}/_gatehouse/identity-center/users/${path}`, {
          ...init,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
      assert.equal((await route('bob/password', { method: 'POST', body: '{}' }, null)).status, 401);
      const missing = await route('nobody/password', { method: 'POST', body: JSON.stringify({ identityStoreId: world.storeId }) });
      assert.equal(missing.status, 404);
      const weak = await route('bob/password', { method: 'POST', body: JSON.stringify({ identityStoreId: world.storeId, password: 'weak' }) });
      assert.equal(weak.status, 400);
      assert.match(((await weak.json()) as { message: string }).message, /between 8 and 64/);
      const generated = (await (await route('bob/password', { method: 'POST', body: JSON.stringify({ identityStoreId: world.storeId }) })).json()) as Record<string, unknown>;
      assert.equal(generated['temporary'], true);
      expectKind(await t.server.signIn.startSignIn(world.startUrl, 'bob', generated['password'] as string), 'change-password');
      const set = await route('bob/password', { method: 'POST', body: JSON.stringify({ identityStoreId: world.storeId, password: PASSWORD, temporary: false }) });
      assert.deepEqual(await set.json(), { userName: 'bob', identityStoreId: world.storeId, temporary: false });
      const invitation = (await (await route('bob/password', { method: 'POST', body: JSON.stringify({ identityStoreId: world.storeId, invitation: true }) })).json()) as Record<string, unknown>;
      assert.equal((await t.server.signIn.passwordToken(invitation['token'] as string))?.userName, 'bob');
      const reset = await route(`bob/mfa?identityStoreId=${world.storeId}`, { method: 'DELETE' });
      assert.equal(reset.status, 200);
      // without identityStoreId: the management account's instance, which this server's management account lacks
      assert.equal((await route('bob/password', { method: 'POST', body: '{}' })).status, 404);
    });
  });
}
