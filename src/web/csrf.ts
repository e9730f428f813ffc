import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

// Cross-site request forgery protection for every form: a random nonce in an HttpOnly SameSite=Strict cookie, and
// in each form a token that is the nonce's HMAC under a key derived from the data directory's secret key (a page
// from another site can neither read the cookie nor mint the token). Unsafe requests also must not come from
// another origin when the browser says where they come from.

const cookieName = 'gh_csrf';

export type CsrfVariables = { csrf: string };

export function csrfProtection(secretKey: Uint8Array): MiddlewareHandler<{ Variables: CsrfVariables }> {
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'gatehouse csrf', 32));
  const tokenOf = (nonce: string) => createHmac('sha256', key).update(nonce).digest('base64url');

  return async (c, next) => {
    let nonce = getCookie(c, cookieName);
    if (!nonce || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) {
      nonce = randomBytes(16).toString('base64url');
      setCookie(c, cookieName, nonce, { path: '/', httpOnly: true, sameSite: 'Strict' });
    }
    const expected = tokenOf(nonce);
    c.set('csrf', expected);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const origin = c.req.header('origin');
      const host = c.req.header('host');
      const body = await c.req.parseBody();
      const given = typeof body['csrf'] === 'string' ? body['csrf'] : '';
      const sameOrigin = origin === undefined || origin === 'null' ? origin === undefined : new URL(origin).host === host;
      if (!sameOrigin || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        return c.text('This form has expired or did not come from this site. Go back, reload the page and try again.', 403);
      }
    }
    await next();
  };
}
