import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { ServiceError } from '../../aws/errors.js';
import type { PortalSession, SignInDomain } from '../../services/sso-portal/sign-in/index.js';
import type { PortalWeb } from '../../services/sso-portal/index.js';
import type { RoleCredentialsView } from '../../services/sso-portal/domain.js';
import type { ConsoleSessions } from '../console-sessions.js';
import { Layout, Notice } from '../layout.js';
import type { WebEnv } from '../web-env.js';
import { openConsole } from './console.js';
import { CsrfField, Hidden } from './forms.js';
import { portalSession, signInPage, startUrlOf } from './sign-in.js';

// The access portal's home: the accounts the signed-in user reaches (directly or through groups), searchable
// without script (a GET form), each with its roles; per role the management console (through the federation
// sign-in, in a tab of its own) and "Command line or programmatic access": the role's temporary credentials as
// shell exports and a credentials-file block, and the sso-session configuration for the AWS CLI.

type C = Context<WebEnv>;

export function portalPages(app: Hono<WebEnv>, deps: { readonly signIn: SignInDomain; readonly portal: PortalWeb; readonly console: ConsoleSessions; readonly region: string }): void {
  const home = async (c: C) => {
    const session = await portalSession(c, deps.signIn);
    const start = startUrlOf(c);
    if (!session) return signInPage(c, { start, next: c.req.query('next') });
    const next = c.req.query('next');
    if (next && /^\/(?![/\\])/.test(next)) return c.redirect(next, 303);
    const query = (c.req.query('q') ?? '').trim().toLowerCase();
    const accounts = (await deps.portal.accountsOf(session)).filter(
      (a) => query === '' || a.accountId.includes(query) || a.accountName.toLowerCase().includes(query) || a.emailAddress.toLowerCase().includes(query),
    );
    return c.html(
      <Layout title="AWS access portal" aside={<SignedIn session={session} csrf={c.get('csrf')} />}>
        <form method="get" role="search">
          <label for="q">Search accounts</label>
          <input id="q" name="q" type="search" value={c.req.query('q') ?? ''} />
          <button type="submit" class="secondary">Search</button>
        </form>
        <h2>{`Accounts (${accounts.length})`}</h2>
        {accounts.length === 0 ? <p class="muted">{query ? 'No account matches.' : 'No account is assigned to you yet. Ask your administrator.'}</p> : null}
        {accounts.map((account) => (
          <details open={accounts.length <= 5 || query !== ''}>
            <summary>
              {account.accountName} <span class="muted">{`${account.accountId} | ${account.emailAddress}`}</span>
            </summary>
            <ul class="roles">
              {account.roles.map((role) => (
                <li>
                  <strong>{role}</strong>
                  <form method="post" action="/start/console" target="_blank">
                    <CsrfField token={c.get('csrf')} />
                    <Hidden name="account_id" value={account.accountId} />
                    <Hidden name="role_name" value={role} />
                    <button type="submit" aria-label={`Management console for ${role} in ${account.accountName}`}>Management console</button>
                  </form>
                  <form method="post" action="/start/credentials">
                    <CsrfField token={c.get('csrf')} />
                    <Hidden name="account_id" value={account.accountId} />
                    <Hidden name="role_name" value={role} />
                    <button type="submit" class="secondary" aria-label={`Command line or programmatic access for ${role} in ${account.accountName}`}>
                      Command line or programmatic access
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </Layout>,
    );
  };
  app.get('/start', home);
  app.get('/start/:alias{[^/]+}', home);

  const credentialsFor = async (c: C): Promise<{ session: PortalSession; accountId: string; roleName: string; credentials: RoleCredentialsView } | Response> => {
    const session = await portalSession(c, deps.signIn);
    if (!session) return c.redirect('/start', 303);
    const body = await c.req.parseBody();
    const accountId = String(body['account_id'] ?? '');
    const roleName = String(body['role_name'] ?? '');
    try {
      return { session, accountId, roleName, credentials: await deps.portal.roleCredentialsOf(session, accountId, roleName) };
    } catch (error) {
      if (error instanceof ServiceError) return c.html(<Layout title="No access"><Notice kind="error">{error.message}</Notice><p><a href="/start">Back to the portal</a></p></Layout>, 403);
      throw error;
    }
  };

  app.post('/start/console', async (c) => {
    const got = await credentialsFor(c);
    if (got instanceof Response) return got;
    const { credentials } = got;
    const token = await deps.console.signinToken({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
    return openConsole(c, deps.console, token);
  });

  app.post('/start/credentials', async (c) => {
    const got = await credentialsFor(c);
    if (got instanceof Response) return got;
    const { session, accountId, roleName, credentials: k } = got;
    const origin = new URL(c.req.url).origin;
    const profile = `${roleName}-${accountId}`;
    const expires = new Date(k.expiration).toISOString();
    const blocks: readonly [string, string][] = [
      ['bash / zsh', `export AWS_ACCESS_KEY_ID="${k.accessKeyId}"\nexport AWS_SECRET_ACCESS_KEY="${k.secretAccessKey}"\nexport AWS_SESSION_TOKEN="${k.sessionToken}"`],
      ['fish', `set -gx AWS_ACCESS_KEY_ID "${k.accessKeyId}"\nset -gx AWS_SECRET_ACCESS_KEY "${k.secretAccessKey}"\nset -gx AWS_SESSION_TOKEN "${k.sessionToken}"`],
      ['PowerShell', `$Env:AWS_ACCESS_KEY_ID="${k.accessKeyId}"\n$Env:AWS_SECRET_ACCESS_KEY="${k.secretAccessKey}"\n$Env:AWS_SESSION_TOKEN="${k.sessionToken}"`],
      ['credentials file (~/.aws/credentials)', `[${profile}]\naws_access_key_id=${k.accessKeyId}\naws_secret_access_key=${k.secretAccessKey}\naws_session_token=${k.sessionToken}`],
    ];
    const ssoConfig = `[sso-session gatehouse]\nsso_start_url = ${origin}/start\nsso_region = ${deps.region}\nsso_registration_scopes = sso:account:access\n\n[profile ${profile}]\nsso_session = gatehouse\nsso_account_id = ${accountId}\nsso_role_name = ${roleName}\nregion = ${deps.region}`;
    return c.html(
      <Layout title={`${roleName} in ${accountId}`} aside={<SignedIn session={session} csrf={c.get('csrf')} />}>
        <p>{`Temporary credentials, valid until ${expires}.`}</p>
        {blocks.map(([name, text]) => (
          <Section title={name}>
            <pre>{text}</pre>
          </Section>
        ))}
        <Section title="AWS CLI configuration (aws sso login)">
          <p>Add this to ~/.aws/config, then run <code>{`aws sso login --profile ${profile}`}</code>. Against gatehouse, run <code>eval "$(gatehouse env)"</code> first so the CLI reaches this server.</p>
          <pre>{ssoConfig}</pre>
        </Section>
        <p><a href="/start">Back to the portal</a></p>
      </Layout>,
    );
  });
}

const Section = ({ title, children }: { readonly title: string; readonly children?: Child }) => (
  <section class="card wide">
    <h2>{title}</h2>
    {children}
  </section>
);

const SignedIn = ({ session, csrf }: { readonly session: PortalSession; readonly csrf: string }) => (
  <form method="post" action="/start/sign-out">
    {`${session.displayName ?? session.userName} `}
    <CsrfField token={csrf} />
    <button type="submit" class="secondary">Sign out</button>
  </form>
);
