import { Hono } from 'hono';
import { readAsset } from '../lib/assets.js';
import type { ConsoleSessions } from './console-sessions.js';
import { csrfProtection } from './csrf.js';
import { consolePages, type ConsoleApi } from './pages/console.js';
import type { WebEnv } from './web-env.js';
import { devicePages } from './pages/device.js';
import { portalPages } from './pages/portal.js';
import { signInPages } from './pages/sign-in.js';
import type { OidcPages } from '../services/sso-oidc/index.js';
import type { PortalWeb } from '../services/sso-portal/index.js';
import type { SignInDomain } from '../services/sso-portal/sign-in/index.js';

// The pages: one Hono app, server-rendered with JSX and no client script. Each page module registers its routes;
// security headers and CSRF protection apply to all of them.

export interface WebDeps {
  /** The data directory's secret key: the CSRF key derives from it. */
  readonly secretKey: Uint8Array;
  readonly consoleSessions: ConsoleSessions;
  readonly api: ConsoleApi;
  readonly signIn: SignInDomain;
  readonly oidc: OidcPages;
  readonly portal: PortalWeb;
  /** The region the pages' AWS CLI configuration names. */
  readonly region: string;
}

export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const stylesheet = readAsset('web/gatehouse.css').toString('utf8');
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts, which CSRF checks refuse
    c.header('referrer-policy', 'same-origin');
    // /authorize's form ends in a redirect to the PKCE client's loopback listener, which form-action must allow
    const formAction = c.req.path === '/authorize' ? "'self' http://127.0.0.1:* http://localhost:* http://[::1]:*" : "'self'";
    c.header('content-security-policy', `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`);
    c.header('cache-control', 'no-store');
  });
  app.get('/assets/gatehouse.css', (c) => c.body(stylesheet, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.use('*', csrfProtection(deps.secretKey));
  consolePages(app, deps.consoleSessions, deps.api);
  // sign-in's fixed paths (/start/sign-in, ...) before the portal's /start/<alias>
  signInPages(app, deps.signIn);
  portalPages(app, { signIn: deps.signIn, portal: deps.portal, console: deps.consoleSessions, region: deps.region });
  devicePages(app, { signIn: deps.signIn, oidc: deps.oidc });
  return app;
}
