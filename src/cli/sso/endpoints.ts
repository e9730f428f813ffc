// Where the developer commands send their calls. Real AWS by default (the SDK's own endpoints:
// oidc.<region>.amazonaws.com, portal.sso.<region>.amazonaws.com, signin.aws.amazon.com); a gatehouse server (or any
// AWS-compatible one) when --endpoint or AWS_ENDPOINT_URL says so, as the SDKs and newer AWS CLIs read it.

export type EndpointService = 'sso-oidc' | 'sso' | 'signin';

const serviceVariables: Readonly<Record<EndpointService, string>> = {
  'sso-oidc': 'AWS_ENDPOINT_URL_SSO_OIDC',
  sso: 'AWS_ENDPOINT_URL_SSO',
  signin: 'AWS_ENDPOINT_URL_SIGNIN',
};

/** The endpoint override for a service, or undefined for AWS's own. */
export function endpointFor(service: EndpointService, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = flag || env[serviceVariables[service]] || env['AWS_ENDPOINT_URL'];
  return value ? value.replace(/\/+$/, '') : undefined;
}

/** The authorize endpoint of the OIDC service for the PKCE sign-in, when RegisterClient does not name one. */
export function oidcBaseUrl(region: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return endpointFor('sso-oidc', flag, env) ?? `https://oidc.${region}.amazonaws.com`;
}

/**
 * AWS's federation endpoint for a region (the sign-in host of its partition; us-east-1, us-gov-west-1 and cn-north-1
 * have no region prefix), or `<endpoint>/federation` on a gatehouse server.
 */
export function federationUrl(region: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const override = endpointFor('signin', flag, env);
  if (override) return `${override}/federation`;
  const host = region.startsWith('us-gov-') ? 'signin.amazonaws-us-gov.com' : region.startsWith('cn-') ? 'signin.amazonaws.cn' : 'signin.aws.amazon.com';
  const prefix = ['us-east-1', 'us-gov-west-1', 'cn-north-1'].includes(region) ? '' : `${region}.`;
  return `https://${prefix}${host}/federation`;
}

/** The console home for a region, where a console sign-in lands on real AWS. */
export function consoleDestination(region: string): string {
  const host = region.startsWith('us-gov-') ? 'console.amazonaws-us-gov.com' : region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
  return `https://${region}.${host}/console/home?region=${encodeURIComponent(region)}`;
}
