import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand, type SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { failure } from '../organizations/support.js';
import type { PortalSession } from '../../src/services/sso-portal/sign-in/index.js';
import { Authenticator, deviceLogin, oidcClient, portalClient, portalWorld, signIn, testClock, type PortalWorld } from '../sso-portal/support.js';

// The OIDC service behind `aws sso login`, driven with the real @aws-sdk/client-sso-oidc: client registration, the
// device authorization grant with its polling answers (pending, slow down, expired, denied), the device page's
// approval through the domain API, refresh token rotation with replay detection, legacy clients without scopes,
// and the authorization code grant with PKCE S256 whose browser step is the /authorize page's domain call.

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/** The OIDC error's wire identity and OAuth fields, as SDK v3 surfaces them. */
async function oidcFailure(promise: Promise<unknown>): Promise<{ name: string; error: unknown; description: unknown; status: number | undefined }> {
  try {
    await promise;
  } catch (e) {
    const x = e as Error & { error?: unknown; error_description?: unknown; $metadata?: { httpStatusCode?: number } };
    return { name: x.name, error: x.error, description: x.error_description, status: x.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

for (const database of testDatabases) {
  describe(`sso-oidc with the SDK (${database.name})`, () => {
    const clock = testClock();
    const authenticator = new Authenticator(clock);
    let t: TestServer;
    let world: PortalWorld;
    let oidc: SSOOIDCClient;
    let session: PortalSession;
    before(async () => {
      t = await startTestServer(database, { clock: clock.clock });
      world = await portalWorld(t, 'Oidc');
      oidc = oidcClient(t.url);
      session = (await signIn(t.server.signIn, authenticator, world.startUrl, 'alice')).session;
    });
    after(async () => t.close());

    const register = (extra: Record<string, unknown> = { scopes: ['sso:account:access'] }) =>
      oidc.send(new RegisterClientCommand({ clientName: 'botocore-client-test', clientType: 'public', ...extra }));
    const poll = (clientId: string, clientSecret: string, deviceCode: string) =>
      oidc.send(new CreateTokenCommand({ clientId, clientSecret, grantType: DEVICE_GRANT, deviceCode }));

    it('registers public clients for 90 days', async () => {
      const now = Math.floor(Date.now() / 1000);
      const out = await register();
      assert.ok(out.clientId && out.clientSecret);
      assert.ok(Math.abs(out.clientIdIssuedAt! - now) < 60);
      assert.equal(out.clientSecretExpiresAt! - out.clientIdIssuedAt!, 90 * 24 * 3600);
      assert.equal(out.authorizationEndpoint, undefined);
      const confidential = await oidcFailure(register({ clientType: 'confidential' }));
      assert.equal(confidential.name, 'InvalidClientMetadataException');
      assert.equal(confidential.error, 'invalid_client_metadata');
      assert.equal((await oidcFailure(register({ grantTypes: ['password'] }))).name, 'UnsupportedGrantTypeException');
      assert.equal((await oidcFailure(register({ grantTypes: ['authorization_code'] }))).name, 'InvalidRequestException');
      assert.equal((await oidcFailure(register({ grantTypes: ['authorization_code'], redirectUris: ['http://example.com/cb'] }))).name, 'InvalidRedirectUriException');
    });

    it('runs the device flow: pending, slow down, approval on the device page, tokens once', async () => {
      const { clientId, clientSecret } = await register();
      const started = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: world.startUrl }));
      assert.match(started.userCode!, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      assert.equal(started.verificationUri, `${t.url}/device`);
      assert.equal(started.verificationUriComplete, `${t.url}/device?user_code=${started.userCode}`);
      assert.equal(started.expiresIn, 600);
      assert.equal(started.interval, 1);

      const pending = await oidcFailure(poll(clientId!, clientSecret!, started.deviceCode!));
      assert.deepEqual(pending, { name: 'AuthorizationPendingException', error: 'authorization_pending', description: 'Authorization is still pending', status: 400 });
      const fast = await oidcFailure(poll(clientId!, clientSecret!, started.deviceCode!));
      assert.equal(fast.name, 'SlowDownException');
      assert.equal(fast.error, 'slow_down');

      const request = await t.server.oidcPages.deviceByUserCode(started.userCode!.toLowerCase().replace('-', ' '));
      assert.equal(request?.status, 'pending');
      assert.equal(request?.clientName, 'botocore-client-test');
      assert.deepEqual(request?.scopes, ['sso:account:access']);
      assert.equal(request?.identityStoreId, world.storeId);
      assert.deepEqual(await t.server.oidcPages.approveDevice(started.userCode!, session), { ok: true, status: 'approved' });
      assert.equal((await t.server.oidcPages.approveDevice(started.userCode!, session)).ok, false);
      assert.equal((await t.server.oidcPages.deviceByUserCode('BCDF-GHJK'))?.status ?? 'none', 'none');

      clock.advance(1000);
      const tokens = await poll(clientId!, clientSecret!, started.deviceCode!);
      assert.equal(tokens.tokenType, 'Bearer');
      assert.equal(tokens.expiresIn, 3600);
      assert.match(tokens.accessToken!, /^aoa/);
      assert.match(tokens.refreshToken!, /^aor/);
      const accounts = await portalClient(t.url).send(new ListAccountsCommand({ accessToken: tokens.accessToken }));
      assert.equal(accounts.accountList?.length, 2);

      clock.advance(1000);
      assert.equal((await oidcFailure(poll(clientId!, clientSecret!, started.deviceCode!))).name, 'InvalidGrantException');
      const other = await register();
      assert.equal((await oidcFailure(poll(other.clientId!, other.clientSecret!, started.deviceCode!))).name, 'InvalidGrantException');
      assert.equal((await oidcFailure(poll(clientId!, 'not-the-secret', started.deviceCode!))).name, 'InvalidClientException');
    });

    it('answers AccessDeniedException after the user denies, ExpiredTokenException after 600 seconds', async () => {
      const { clientId, clientSecret } = await register();
      const denied = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: world.startUrl }));
      assert.deepEqual(await t.server.oidcPages.denyDevice(denied.userCode!, session), { ok: true, status: 'denied' });
      const refusal = await oidcFailure(poll(clientId!, clientSecret!, denied.deviceCode!));
      assert.equal(refusal.name, 'AccessDeniedException');
      assert.equal(refusal.error, 'access_denied');

      const late = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: world.startUrl }));
      clock.advance(600_000);
      const expired = await oidcFailure(poll(clientId!, clientSecret!, late.deviceCode!));
      assert.equal(expired.name, 'ExpiredTokenException');
      assert.equal(expired.error, 'expired_token');
      assert.equal((await t.server.oidcPages.approveDevice(late.userCode!, session)).ok, false);
      assert.equal((await t.server.oidcPages.deviceByUserCode(late.userCode!))?.status, 'expired');
      session = (await signIn(t.server.signIn, authenticator, world.startUrl, 'alice')).session;
    });

    it('refuses a start URL that names no instance, and sessions of another instance', async () => {
      const { clientId, clientSecret } = await register();
      const bad = await oidcFailure(oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: 'https://d-0000000000.awsapps.com/start' })));
      assert.equal(bad.name, 'InvalidRequestException');
      const started = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: world.startUrl }));
      const stranger = { ...session, instanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' };
      assert.equal((await t.server.oidcPages.approveDevice(started.userCode!, stranger)).ok, false);
    });

    it('rotates refresh tokens and revokes the grant when a used one comes back', async () => {
      const login = await deviceLogin(t.server, t.url, world.startUrl, session);
      const refresh = (refreshToken: string | undefined) =>
        oidc.send(new CreateTokenCommand({ clientId: login.clientId, clientSecret: login.clientSecret, grantType: 'refresh_token', refreshToken }));
      const next = await refresh(login.refreshToken);
      assert.notEqual(next.refreshToken, login.refreshToken);
      assert.notEqual(next.accessToken, login.accessToken);
      assert.equal(next.expiresIn, 3600);
      const replay = await oidcFailure(refresh(login.refreshToken));
      assert.equal(replay.name, 'InvalidGrantException');
      assert.equal(replay.error, 'invalid_grant');
      assert.equal((await oidcFailure(refresh(next.refreshToken))).name, 'InvalidGrantException', 'the replay revoked the whole grant');
      const portal = await failure(portalClient(t.url).send(new ListAccountsCommand({ accessToken: next.accessToken })));
      assert.equal(portal.name, 'UnauthorizedException');
      assert.equal((await oidcFailure(refresh('aor-made-up'))).name, 'InvalidGrantException');
      assert.equal((await oidcFailure(oidc.send(new CreateTokenCommand({ clientId: login.clientId, clientSecret: login.clientSecret, grantType: 'password' })))).name, 'UnsupportedGrantTypeException');
    });

    it('gives legacy clients (no scopes) one 8-hour access token and no refresh token', async () => {
      const login = await deviceLogin(t.server, t.url, world.startUrl, session, null);
      assert.equal(login.expiresIn, 8 * 3600);
      assert.equal(login.refreshToken, undefined);
    });

    it('exchanges an authorization code once, for the PKCE verifier of its challenge', async () => {
      const redirect = 'http://127.0.0.1/oauth/callback';
      const client = await register({ scopes: ['sso:account:access'], grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirect], issuerUrl: world.startUrl });
      assert.equal(client.authorizationEndpoint, `${t.url}/authorize`);
      const verifier = b64url(randomBytes(32));
      const challenge = b64url(createHash('sha256').update(verifier).digest());
      const callback = 'http://127.0.0.1:53412/oauth/callback';
      const authorize = (overrides: Record<string, unknown> = {}) =>
        t.server.oidcPages.authorize({ clientId: client.clientId!, redirectUri: callback, codeChallenge: challenge, codeChallengeMethod: 'S256', state: 'st-1', scopes: ['sso:account:access'], ...overrides }, session);

      assert.deepEqual(await authorize({ redirectUri: 'http://127.0.0.1:53412/elsewhere' }), { ok: false, error: 'invalid_redirect_uri', description: 'The redirect URI is not one the client registered.' });
      assert.equal((await authorize({ clientId: 'nope' })).ok, false);
      const plain = await authorize({ codeChallengeMethod: 'plain' });
      assert.ok(!plain.ok && plain.redirectTo?.startsWith(`${callback}?error=invalid_request`) && plain.redirectTo.includes('state=st-1'));
      const scope = await authorize({ scopes: ['sso:account:access', 'codewhisperer:completions'] });
      assert.ok(!scope.ok && scope.error === 'invalid_scope');

      const granted = await authorize();
      assert.ok(granted.ok);
      const back = new URL(granted.redirectTo);
      assert.equal(`${back.origin}${back.pathname}`, callback);
      assert.equal(back.searchParams.get('code'), granted.code);
      assert.equal(back.searchParams.get('state'), 'st-1');

      const exchange = (code: string, codeVerifier: string, redirectUri = callback) =>
        oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code, codeVerifier, redirectUri }));
      const wrongVerifier = await oidcFailure(exchange(granted.code, b64url(randomBytes(32))));
      assert.equal(wrongVerifier.name, 'InvalidGrantException');
      assert.equal((await oidcFailure(exchange(granted.code, verifier))).name, 'InvalidGrantException', 'a failed exchange spends the code');

      const second = await authorize();
      assert.ok(second.ok);
      assert.equal((await oidcFailure(exchange(second.code, verifier, 'http://127.0.0.1:1/oauth/callback'))).name, 'InvalidGrantException');
      const third = await authorize();
      assert.ok(third.ok);
      const tokens = await exchange(third.code, verifier);
      assert.equal(tokens.expiresIn, 3600);
      assert.ok(tokens.refreshToken);
      assert.equal((await portalClient(t.url).send(new ListAccountsCommand({ accessToken: tokens.accessToken }))).accountList?.length, 2);
      assert.equal((await oidcFailure(exchange(third.code, verifier))).name, 'InvalidGrantException');

      const deviceOnly = await register();
      assert.equal((await t.server.oidcPages.authorize({ clientId: deviceOnly.clientId!, redirectUri: callback, codeChallenge: challenge, codeChallengeMethod: 'S256' }, session)).ok, false);
    });

    it('writes the x-amzn-ErrorType header and the OAuth fields on the wire', async () => {
      const { clientId, clientSecret } = await register();
      const started = await oidc.send(new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: world.startUrl }));
      const res = await fetch(`${t.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grantType: DEVICE_GRANT, clientId, clientSecret, deviceCode: started.deviceCode }),
      });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('x-amzn-errortype'), 'AuthorizationPendingException');
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body['error'], 'authorization_pending');
      assert.equal(body['error_description'], 'Authorization is still pending');
    });
  });
}
