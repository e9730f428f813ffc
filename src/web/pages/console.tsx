import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Principal } from '../../aws/auth/principal.js';
import { ServiceError } from '../../aws/errors.js';
import { Layout, Notice } from '../layout.js';
import { ConsoleSignInError, sessionDurationRange, type ConsoleSessions } from '../console-sessions.js';
import type { WebEnv } from '../web-env.js';

// The federation endpoint (AWS's https://signin.aws.amazon.com/federation, the shape Granted and aws-vault build
// console URLs with) and the console landing of a role session: who you are and the account's resources this server
// holds, each read through the AWS API as the session itself, so a role that may not read something is told why.

export interface ConsoleApi {
  invoke<O>(serviceId: string, operation: string, input: Record<string, unknown>, principal: Principal, origin: string): Promise<O>;
}

const cookieName = 'gh_console';

export function consolePages(app: Hono<WebEnv>, sessions: ConsoleSessions, api: ConsoleApi): void {
  app.get('/federation', async (c) => {
    const action = c.req.query('Action');
    if (action === 'getSigninToken') {
      const session = parseSession(c.req.query('Session'));
      const duration = c.req.query('SessionDuration');
      const seconds = duration === undefined ? undefined : Number(duration);
      if (!session) return c.text('Session must be JSON with sessionId, sessionKey and sessionToken.', 400);
      if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= sessionDurationRange.min && seconds <= sessionDurationRange.max)) {
        return c.text(`SessionDuration must be a whole number of seconds from ${sessionDurationRange.min} to ${sessionDurationRange.max}.`, 400);
      }
      try {
        return c.json({ SigninToken: await sessions.signinToken(session, seconds) });
      } catch (error) {
        if (error instanceof ConsoleSignInError) return c.text(error.message, 400);
        throw error;
      }
    }
    if (action === 'login') return openConsole(c, sessions, c.req.query('SigninToken') ?? '');
    return c.text('Action must be getSigninToken or login.', 400);
  });

  app.get('/console/s/:id/', async (c) => {
    const identity = await sessions.identity(getCookie(c, cookieName));
    if (!identity) {
      return c.html(
        <Layout title="Console session ended">
          <Notice kind="info">This console session has ended or was never opened in this browser. Open the console again from the access portal.</Notice>
          <p><a href="/start">Go to the access portal</a></p>
        </Layout>,
        401,
      );
    }
    const { principal } = identity;
    const origin = new URL(c.req.url).origin;
    const read = <O,>(service: string, operation: string, input: Record<string, unknown> = {}) =>
      attempt(() => api.invoke<O>(service, operation, input, principal, origin));
    const [roles, organization, accounts, instances] = await Promise.all([
      read<{ Roles?: { RoleName?: string; Path?: string; Arn?: string }[] }>('iam', 'ListRoles'),
      read<{ Organization?: { Id?: string; MasterAccountId?: string } }>('organizations', 'DescribeOrganization'),
      read<{ Accounts?: { Id?: string; Name?: string; Email?: string; Status?: string }[] }>('organizations', 'ListAccounts'),
      read<{ Instances?: { InstanceArn?: string; IdentityStoreId?: string; Name?: string }[] }>('sso-admin', 'ListInstances'),
    ]);
    const role = principal.roleArn?.split('/').pop();
    return c.html(
      <Layout title={`Account ${principal.accountId}`} aside={<span>{role ? `${role} / ${principal.sessionName ?? ''}` : principal.arn}</span>}>
        <section class="card wide" aria-labelledby="who">
          <h2 id="who">Signed in</h2>
          <dl class="facts">
            <dt>Account</dt>
            <dd>{principal.accountId}</dd>
            {role ? (<><dt>Role</dt><dd>{role}</dd></>) : null}
            <dt>Identity</dt>
            <dd><code>{principal.arn}</code></dd>
            <dt>Session ends</dt>
            <dd><time datetime={new Date(identity.expiresAt).toISOString()}>{new Date(identity.expiresAt).toISOString()}</time></dd>
          </dl>
        </section>

        <h2>IAM roles</h2>
        <Outcome result={roles} render={(r) => (
          <table>
            <thead><tr><th scope="col">Role</th><th scope="col">Path</th><th scope="col">ARN</th></tr></thead>
            <tbody>{(r.Roles ?? []).map((x) => <tr><td>{x.RoleName}</td><td>{x.Path}</td><td><code>{x.Arn}</code></td></tr>)}</tbody>
          </table>
        )} />

        <h2>Organization</h2>
        <Outcome result={organization} render={(o) => <p>Organization <code>{o.Organization?.Id}</code>, management account {o.Organization?.MasterAccountId}.</p>} />
        <Outcome result={accounts} render={(a) => (
          <table>
            <thead><tr><th scope="col">Account</th><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Status</th></tr></thead>
            <tbody>{(a.Accounts ?? []).map((x) => <tr><td>{x.Id}</td><td>{x.Name}</td><td>{x.Email}</td><td>{x.Status}</td></tr>)}</tbody>
          </table>
        )} />

        <h2>IAM Identity Center</h2>
        <Outcome result={instances} render={(i) => (
          (i.Instances ?? []).length === 0 ? <p class="muted">No Identity Center instance in this account.</p> : (
            <ul>{(i.Instances ?? []).map((x) => <li><code>{x.InstanceArn}</code> (identity store {x.IdentityStoreId})</li>)}</ul>
          )
        )} />
      </Layout>,
    );
  });
}

/** Trades a sign-in token for a console session of its own path and sends the browser there. */
export async function openConsole(c: Context<WebEnv>, sessions: ConsoleSessions, signinToken: string): Promise<Response> {
  try {
    const session = await sessions.login(signinToken);
    setCookie(c, cookieName, session.cookie, { path: `/console/s/${session.id}`, httpOnly: true, sameSite: 'Lax', expires: new Date(session.expiresAt) });
    // 302, as AWS's federation endpoint answers login (browsers follow a POST's 302 with a GET too)
    return c.redirect(`/console/s/${session.id}/`, 302);
  } catch (error) {
    if (error instanceof ConsoleSignInError) return c.html(<Layout title="Console sign-in failed"><Notice kind="error">{error.message}</Notice></Layout>, 400);
    throw error;
  }
}

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string; readonly message: string };

async function attempt<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ServiceError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

function Outcome<T>({ result, render }: { readonly result: Result<T>; readonly render: (value: T) => unknown }) {
  return result.ok ? <>{render(result.value)}</> : <Notice kind="info">{`${result.code}: ${result.message}`}</Notice>;
}

function parseSession(text: string | undefined): { sessionId: string; sessionKey: string; sessionToken: string } | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { sessionId, sessionKey, sessionToken } = value;
    return typeof sessionId === 'string' && typeof sessionKey === 'string' && typeof sessionToken === 'string'
      ? { sessionId, sessionKey, sessionToken }
      : undefined;
  } catch {
    return undefined;
  }
}
