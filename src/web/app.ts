import { Hono } from 'hono';
import { readAsset } from '../lib/assets.js';
import type { ConsoleSessions } from './console-sessions.js';
import { csrfProtection } from './csrf.js';
import { consolePages, type ConsoleApi } from './pages/console.js';
import type { WebEnv } from './web-env.js';

// The pages: one Hono app, server-rendered with JSX and no client script. Each page module registers its routes;
// security headers and CSRF protection apply to all of them.

export interface WebDeps {
  /** The data directory's secret key: the CSRF key derives from it. */
  readonly secretKey: Uint8Array;
  readonly consoleSessions: ConsoleSessions;
  readonly api: ConsoleApi;
}

export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const stylesheet = readAsset('web/gatehouse.css').toString('utf8');
  app.use('*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
    c.header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('cache-control', 'no-store');
  });
  app.get('/assets/gatehouse.css', (c) => c.body(stylesheet, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.use('*', csrfProtection(deps.secretKey));
  consolePages(app, deps.consoleSessions, deps.api);
  return app;
}
