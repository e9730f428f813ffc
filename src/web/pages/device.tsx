import type { Context, Hono } from 'hono';
import type { OidcPages } from '../../services/sso-oidc/index.js';
import type { SignInDomain } from '../../services/sso-portal/sign-in/index.js';
import { Layout, Notice } from '../layout.js';
import type { WebEnv } from '../web-env.js';
import { CsrfField, Field, Hidden } from './forms.js';
import { portalSession } from './sign-in.js';

// The two browser steps of SSO OIDC sign-in: confirming a device code (`aws sso login`, the verification URI the
// CLI prints) and letting a PKCE client have an authorization code (/authorize). Both need a signed-in portal
// session; without one they send the browser to sign in and come back.

type C = Context<WebEnv>;

const signInFirst = (c: C) => {
  const here = new URL(c.req.url);
  return c.redirect(`/start?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
};

export function devicePages(app: Hono<WebEnv>, deps: { readonly signIn: SignInDomain; readonly oidc: OidcPages }): void {
  app.get('/device', async (c) => {
    const session = await portalSession(c, deps.signIn);
    if (!session) return signInFirst(c);
    const typed = c.req.query('user_code');
    if (!typed) {
      return c.html(
        <Layout title="Authorize a device">
          <form class="card" method="get" action="/device">
            <Field name="user_code" label="Code shown by your device or terminal" autofocus />
            <button type="submit">Next</button>
          </form>
        </Layout>,
      );
    }
    const request = await deps.oidc.deviceByUserCode(typed);
    if (!request || request.status !== 'pending') {
      const why = !request ? 'No sign-in request has this code. Check the code and try again.' : request.status === 'expired' ? 'This code has expired. Start the sign-in again on your device.' : 'This code was already used.';
      return c.html(<Layout title="Authorize a device"><Notice kind="error">{why}</Notice><p><a href="/device">Enter another code</a></p></Layout>, 404);
    }
    return c.html(
      <Layout title="Authorize request">
        <form class="card" method="post" action="/device">
          <p>
            <strong>{request.clientName}</strong> asks to access your AWS accounts and roles.
          </p>
          <p>
            Code: <code id="user-code">{request.userCode}</code>. Allow only if your terminal shows the same code.
          </p>
          <CsrfField token={c.get('csrf')} />
          <Hidden name="user_code" value={request.userCode} />
          <button type="submit" name="decision" value="allow">Allow access</button>{' '}
          <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        </form>
      </Layout>,
    );
  });

  app.post('/device', async (c) => {
    const session = await portalSession(c, deps.signIn);
    if (!session) return c.redirect('/start', 303);
    const body = await c.req.parseBody();
    const userCode = String(body['user_code'] ?? '');
    const allow = body['decision'] === 'allow';
    const decision = allow ? await deps.oidc.approveDevice(userCode, session) : await deps.oidc.denyDevice(userCode, session);
    if (!decision.ok) return c.html(<Layout title="Authorize request"><Notice kind="error">{decision.message}</Notice></Layout>, 400);
    return c.html(
      <Layout title={decision.status === 'approved' ? 'Request approved' : 'Request denied'}>
        <Notice kind="info">{decision.status === 'approved' ? 'You may close this window and return to your terminal.' : 'The request was denied. The device will not get access.'}</Notice>
      </Layout>,
    );
  });

  app.get('/authorize', async (c) => {
    const session = await portalSession(c, deps.signIn);
    if (!session) return signInFirst(c);
    const q = (name: string) => c.req.query(name);
    return c.html(
      <Layout title="Allow access">
        <form class="card" method="post" action="/authorize">
          <p>An application on this computer asks to access your AWS accounts and roles as {session.userName}.</p>
          <CsrfField token={c.get('csrf')} />
          {['client_id', 'redirect_uri', 'response_type', 'code_challenge', 'code_challenge_method', 'state', 'scopes'].map((name) => (
            <Hidden name={name} value={q(name)} />
          ))}
          <button type="submit" name="decision" value="allow">Allow access</button>{' '}
          <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        </form>
      </Layout>,
    );
  });

  app.post('/authorize', async (c) => {
    const session = await portalSession(c, deps.signIn);
    if (!session) return c.redirect('/start', 303);
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    if (body['decision'] !== 'allow') {
      return c.html(<Layout title="Access denied"><Notice kind="info">The application did not get access. You may close this window.</Notice></Layout>);
    }
    const result = await deps.oidc.authorize(
      {
        clientId: field('client_id') ?? '',
        redirectUri: field('redirect_uri') ?? '',
        responseType: field('response_type'),
        codeChallenge: field('code_challenge') ?? '',
        codeChallengeMethod: field('code_challenge_method') ?? '',
        state: field('state'),
        scopes: field('scopes')?.split(/\s+/).filter(Boolean),
      },
      session,
    );
    if (result.ok) return c.redirect(result.redirectTo, 302);
    if (result.redirectTo) return c.redirect(result.redirectTo, 302);
    return c.html(<Layout title="Sign-in request not valid"><Notice kind="error">{`${result.error}: ${result.description}`}</Notice></Layout>, 400);
  });
}
