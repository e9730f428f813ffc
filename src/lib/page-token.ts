import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Opaque NextToken values for keyset pagination: base64url, '/', a MAC (characters every model's token pattern
// admits, e.g. sso-admin's [-a-zA-Z0-9+=/_]*). A token names the list it belongs to (`scope`, e.g.
// 'organizations:ListAccounts:<filter>') and the last key returned; it is MACed so a client cannot forge or edit
// one, and a token from another list is refused. Services turn `undefined` into their own invalid-token error
// (Organizations: InvalidInputException INVALID_NEXT_TOKEN). The MAC key is derived from the data directory's secret
// key at start, so replicas sharing a store (and that key) accept each other's tokens.

let macKey: Buffer = randomBytes(32);

export function setPageTokenKey(secretKey: Uint8Array): void {
  macKey = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'gatehouse page tokens', 32));
}

export function encodePageToken(scope: string, lastKey: string): string {
  const payload = Buffer.from(JSON.stringify([scope, lastKey]), 'utf8').toString('base64url');
  return `${payload}/${mac(payload)}`;
}

/** The last key the token carries, or undefined when the token is malformed, forged or from another list. */
export function decodePageToken(scope: string, token: string): string | undefined {
  const dot = token.lastIndexOf('/');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  if (mac(payload) !== token.slice(dot + 1)) return undefined;
  try {
    const [tokenScope, lastKey] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [unknown, unknown];
    return tokenScope === scope && typeof lastKey === 'string' ? lastKey : undefined;
  } catch {
    return undefined;
  }
}

function mac(payload: string): string {
  return createHmac('sha256', macKey).update(payload).digest('base64url').slice(0, 22);
}
