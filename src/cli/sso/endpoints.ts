// Where the developer commands send their calls. Real AWS by default (the SDK's own endpoints:
// oidc.<region>.amazonaws.com, portal.sso.<region>.amazonaws.com, signin.aws.amazon.com); a gatehouse server (or any
// AWS-compatible one) when --endpoint or AWS_ENDPOINT_URL says so, as the SDKs and newer AWS CLIs read it.

export type EndpointService = 'sso-oidc' | 'sso' | 'signin' | 'sts';

const serviceVariables: Readonly<Record<EndpointService, string>> = {
  'sso-oidc': 'AWS_ENDPOINT_URL_SSO_OIDC',
  sso: 'AWS_ENDPOINT_URL_SSO',
  signin: 'AWS_ENDPOINT_URL_SIGNIN',
  sts: 'AWS_ENDPOINT_URL_STS',
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

/** Console paths for the names people use with `assume -c -s` (Granted's service map, the common ones). */
const consoleServices: Readonly<Record<string, string>> = {
  cfn: 'cloudformation', cloudformation: 'cloudformation', ddb: 'dynamodbv2', dynamodb: 'dynamodbv2', ec2: 'ec2',
  ecs: 'ecs', eks: 'eks', lambda: 'lambda', logs: 'cloudwatch', cloudwatch: 'cloudwatch', rds: 'rds', s3: 's3',
  sm: 'secretsmanager', secretsmanager: 'secretsmanager', ssm: 'systems-manager', sns: 'sns', sqs: 'sqs', vpc: 'vpc',
  kms: 'kms', ecr: 'ecr', route53: 'route53', r53: 'route53', iam: 'iam', organizations: 'organizations',
  billing: 'billing', cloudfront: 'cloudfront', sso: 'singlesignon', bedrock: 'bedrock', athena: 'athena', glue: 'glue',
};
/** Services the console serves without a region. */
const globalServices = new Set(['iam', 'organizations', 'billing', 'cloudfront', 'route53']);

/** Where a console sign-in lands on real AWS: the console home of a region, or a service's page (`-s`). */
export function consoleDestination(region: string, service?: string): string {
  const host = region.startsWith('us-gov-') ? 'console.amazonaws-us-gov.com' : region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
  const path = service ? (consoleServices[service.toLowerCase()] ?? encodeURIComponent(service.toLowerCase())) : 'console';
  if (globalServices.has(path)) return `https://${host}/${path}/home`;
  return `https://${region}.${host}/${path}/home?region=${encodeURIComponent(region)}`;
}
