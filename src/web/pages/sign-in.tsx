import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import QRCode from 'qrcode';
import type { PortalSession, SignInDomain, SignInStep } from '../../services/sso-portal/sign-in/index.js';
import { Layout, Notice } from '../layout.js';
import type { WebEnv } from '../web-env.js';
import { CsrfField, Field, Hidden, safeNext } from './forms.js';

// Signing in to the access portal: user name and password, then what the user still owes (a new password at first
// sign-in, enrolling an authenticator app, a code from it), each step a server-rendered form. The domain
// (SignInDomain) decides; this file only turns its steps into pages and its session into a cookie.

export const portalCookie = 'gh_portal';

type C = Context<WebEnv>;

/** The start URL a request to /start or /start/<alias> stands for: the portal's own address. */
export function startUrlOf(c: C): string {
  const url = new URL(c.req.url);
  const alias = /^\/start\/([^/]+)$/.exec(url.pathname)?.[1];
  return `${url.origin}/start${alias && !['sign-in', 'password', 'mfa', 'sign-out', 'invitation', 'console', 'credentials'].includes(alias) ? `/${alias}` : ''}`;
}

/** The signed-in user of this browser, if any. */
export async function portalSession(c: C, signIn: SignInDomain): Promise<PortalSession | undefined> {
  const cookie = getCookie(c, portalCookie);
  return cookie === undefined ? undefined : signIn.session(cookie);
}

export function signInPage(c: C, options: { readonly start: string; readonly next?: string | undefined; readonly error?: string; readonly status?: 200 | 401 | 403 } ) {
  return c.html(
    <Layout title="Sign in">
      <form class="card" method="post" action="/start/sign-in">
        {options.error ? <Notice kind="error">{options.error}</Notice> : null}
        <CsrfField token={c.get('csrf')} />
        <Hidden name="start" value={options.start} />
        <Hidden name="next" value={options.next} />
        <Field name="username" label="Username" autocomplete="username" autofocus />
        <Field name="password" label="Password" type="password" autocomplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
    </Layout>,
    options.status ?? 200,
  );
}

export function signInPages(app: Hono<WebEnv>, signIn: SignInDomain): void {
  /** Renders what a step asks for next, or finishes the sign-in. */
  const stepPage = async (c: C, step: SignInStep, start: string, next: string | undefined) => {
    switch (step.kind) {
      case 'signed-in':
        setCookie(c, portalCookie, step.cookie, { path: '/', httpOnly: true, sameSite: 'Lax', expires: new Date(step.session.expiresAt) });
        return c.redirect(next ?? new URL(start).pathname, 303);
      case 'change-password':
        return c.html(
          <Layout title="Choose a new password">
            <form class="card" method="post" action="/start/password">
              <p>{`Signed in as ${step.userName}. Choose a new password to continue.`}</p>
              <CsrfField token={c.get('csrf')} />
              <Hidden name="challenge" value={step.challenge} />
              <Hidden name="start" value={start} />
              <Hidden name="next" value={next} />
              <Field name="password" label="New password" type="password" autocomplete="new-password" autofocus />
              <Field name="confirm" label="Confirm new password" type="password" autocomplete="new-password" />
              <button type="submit">Set password</button>
            </form>
          </Layout>,
        );
      case 'enrol-mfa': {
        const enrolment = await signIn.enrolMfa(step.challenge);
        if (enrolment.kind === 'rejected') return signInPage(c, { start, next, error: enrolment.message, status: 401 });
        const qr = await QRCode.toString(enrolment.otpauthUri, { type: 'svg', margin: 1 });
        return c.html(
          <Layout title="Register an authenticator app">
            <form class="card" method="post" action="/start/mfa">
              <p>Multi-factor authentication is required. Scan this code with an authenticator app, or type the key below into it, then enter the code it shows.</p>
              <img src={`data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`} width="200" height="200" alt="QR code of the authenticator app registration" />
              <p>
                Key: <code id="totp-secret">{enrolment.secret}</code>
              </p>
              <CsrfField token={c.get('csrf')} />
              <Hidden name="challenge" value={step.challenge} />
              <Hidden name="start" value={start} />
              <Hidden name="next" value={next} />
              <Field name="code" label="Authenticator code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6}" autofocus />
              <button type="submit">Register and sign in</button>
            </form>
          </Layout>,
        );
      }
      case 'verify-mfa':
        return c.html(
          <Layout title="Multi-factor authentication">
            <form class="card" method="post" action="/start/mfa">
              <p>{`Enter the code from the authenticator app registered for ${step.userName}.`}</p>
              <CsrfField token={c.get('csrf')} />
              <Hidden name="challenge" value={step.challenge} />
              <Hidden name="start" value={start} />
              <Hidden name="next" value={next} />
              <Field name="code" label="Authenticator code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6}" autofocus />
              <button type="submit">Verify</button>
            </form>
          </Layout>,
        );
      case 'rejected':
        return signInPage(c, { start, next, error: step.message, status: step.reason === 'locked' ? 403 : 401 });
    }
  };

  const form = async (c: C) => {
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const start = safeStart(c, text('start'));
    return { text, start, next: safeNext(text('next')) };
  };

  app.post('/start/sign-in', async (c) => {
    const { text, start, next } = await form(c);
    return stepPage(c, await signIn.startSignIn(start, text('username'), text('password')), start, next);
  });

  app.post('/start/password', async (c) => {
    const { text, start, next } = await form(c);
    if (text('password') !== text('confirm')) {
      return c.html(<Layout title="Choose a new password"><Notice kind="error">The two passwords differ. Sign in again to retry.</Notice><p><a href={new URL(start).pathname}>Sign in</a></p></Layout>, 400);
    }
    return stepPage(c, await signIn.changePassword(text('challenge'), text('password')), start, next);
  });

  app.post('/start/mfa', async (c) => {
    const { text, start, next } = await form(c);
    return stepPage(c, await signIn.verifyMfa(text('challenge'), text('code').replace(/\s+/g, '')), start, next);
  });

  app.post('/start/sign-out', async (c) => {
    const cookie = getCookie(c, portalCookie);
    if (cookie !== undefined) await signIn.signOut(cookie);
    deleteCookie(c, portalCookie, { path: '/' });
    return c.redirect('/start', 303);
  });

  app.get('/start/invitation', async (c) => {
    const token = c.req.query('token') ?? '';
    const invitation = await signIn.passwordToken(token);
    if (!invitation) return c.html(<Layout title="Invitation"><Notice kind="error">This link is not valid or has expired. Ask your administrator for a new one.</Notice></Layout>, 404);
    return c.html(
      <Layout title="Set your password">
        <form class="card" method="post" action="/start/invitation">
          <p>{`Welcome, ${invitation.userName}. Choose a password to sign in to the access portal.`}</p>
          <CsrfField token={c.get('csrf')} />
          <Hidden name="token" value={token} />
          <Field name="password" label="New password" type="password" autocomplete="new-password" autofocus />
          <Field name="confirm" label="Confirm new password" type="password" autocomplete="new-password" />
          <button type="submit">Set password</button>
        </form>
      </Layout>,
    );
  });

  app.post('/start/invitation', async (c) => {
    const body = await c.req.parseBody();
    const password = String(body['password'] ?? '');
    if (password !== String(body['confirm'] ?? '')) {
      return c.html(<Layout title="Set your password"><Notice kind="error">The two passwords differ. Open the invitation link again to retry.</Notice></Layout>, 400);
    }
    const result = await signIn.redeemPasswordToken(String(body['token'] ?? ''), password);
    if (result.kind === 'rejected') return c.html(<Layout title="Set your password"><Notice kind="error">{result.message}</Notice></Layout>, 400);
    return c.html(<Layout title="Password set"><Notice kind="info">{`Your password is set, ${result.userName}.`}</Notice><p><a href="/start">Sign in</a></p></Layout>);
  });
}

/** The start URL a form names, kept on this site (a form cannot send the sign-in to another host's portal). */
function safeStart(c: C, given: string): string {
  const origin = new URL(c.req.url).origin;
  try {
    const url = new URL(given);
    if (url.origin === origin && /^\/start(\/[^/]+)?$/.test(url.pathname)) return url.toString();
  } catch {
    // fall through to the portal's root
  }
  return `${origin}/start`;
}
