import type { SSOClient } from '@aws-sdk/client-sso';
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { endpointFor } from './endpoints.js';

// The two AWS APIs a sign-in needs, through the SDK v3 clients (unsigned operations: no credentials involved).
// The SDK is loaded on first use, so commands that only read caches (a cached assume, completion) start fast.

export interface SsoClients {
  readonly oidc: () => Promise<SSOOIDCClient>;
  readonly portal: () => Promise<SSOClient>;
  /** The SDK command classes, loaded with the clients. */
  readonly commands: () => Promise<typeof import('@aws-sdk/client-sso-oidc') & typeof import('@aws-sdk/client-sso')>;
}

/** Clients for the Identity Center instance in `region`, at `--endpoint`, AWS_ENDPOINT_URL(_SSO/_SSO_OIDC) or AWS. */
export function ssoClients(region: string, endpointFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): SsoClients {
  // The SDK versions pinned here run on Node 20; its notice about later versions is not for our users.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  let oidc: Promise<SSOOIDCClient> | undefined;
  let portal: Promise<SSOClient> | undefined;
  const commands = async () => ({ ...(await import('@aws-sdk/client-sso-oidc')), ...(await import('@aws-sdk/client-sso')) });
  const config = (service: 'sso' | 'sso-oidc') => {
    const endpoint = endpointFor(service, endpointFlag, env);
    // Our own retry (portal.ts) paces the listing calls; the SDK's adds nothing but a second back-off.
    return { region, maxAttempts: service === 'sso' ? 1 : 3, ...(endpoint ? { endpoint } : {}) };
  };
  return {
    oidc: () => (oidc ??= import('@aws-sdk/client-sso-oidc').then(({ SSOOIDCClient }) => new SSOOIDCClient(config('sso-oidc')))),
    portal: () => (portal ??= import('@aws-sdk/client-sso').then(({ SSOClient }) => new SSOClient(config('sso')))),
    commands,
  };
}

/** An AWS error's code (the SDK's exception name). */
export function errorName(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? '';
}

export function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
