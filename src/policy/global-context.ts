import { addKey, type ContextValue, type RequestContext } from './request-context.js';
import type { PolicyPrincipal } from './types.js';

// The global condition keys AWS puts in every request context, filled from who is calling and how (IAM User Guide,
// "AWS global condition context keys"). AWS sets the principal keys itself, so a policy that tests
// aws:PrincipalArn or ${aws:username} works whatever the calling service supplies; a service's own keys and the
// request's tags come in `request` and can never replace a principal key.

const PRINCIPAL_TYPE: Readonly<Record<string, string>> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  'federated-user': 'FederatedUser',
  anonymous: 'Anonymous',
};

/** Global keys only the engine fills (besides every aws:Principal* key): a request cannot supply them. */
const OWNED_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:CurrentTime',
    'aws:EpochTime',
    'aws:RequestedRegion',
    'aws:SourceIp',
    'aws:UserAgent',
    'aws:SecureTransport',
    'aws:ViaAWSService',
    'aws:userid',
    'aws:username',
    'aws:MultiFactorAuthPresent',
    'aws:MultiFactorAuthAge',
    'aws:TokenIssueTime',
  ].map((k) => k.toLowerCase()),
);

export interface ContextFacts {
  readonly principal: PolicyPrincipal;
  /** The principal's tags: an IAM user's, or for a role session the role's overlaid by the session tags. */
  readonly principalTags?: Readonly<Record<string, string>> | undefined;
  /** The organization of the principal's account, and the account's path in it (o-x/r-y/ou-z/.../). */
  readonly orgId?: string | undefined;
  readonly orgPaths?: readonly string[] | undefined;
  /** The request's time: aws:CurrentTime and aws:EpochTime (defaults to now). */
  readonly now?: Date | undefined;
  readonly region?: string | undefined;
  readonly sourceIp?: string | undefined;
  readonly secureTransport?: boolean | undefined;
  readonly userAgent?: string | undefined;
  /** Temporary credentials only (AWS leaves the MFA keys out for long-term access keys). */
  readonly mfa?: { readonly present: boolean; readonly authenticatedAt?: Date | undefined } | undefined;
  /** When the temporary credentials were issued (aws:TokenIssueTime); absent for long-term keys. */
  readonly tokenIssuedAt?: Date | undefined;
  /** The request's own keys: the service's condition keys, aws:RequestTag/*, aws:TagKeys, aws:ResourceTag/*. */
  readonly request?: Readonly<Record<string, ContextValue>> | undefined;
}

/** AWS's date form for aws:CurrentTime and aws:TokenIssueTime: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The IAM user's name: the last part of its ARN's path (arn:aws:iam::1:user/division/alice -> alice). */
function userName(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

export function requestContext(facts: ContextFacts): RequestContext {
  const context = new Map<string, readonly string[]>();
  const set = (key: string, value: ContextValue | undefined) => {
    if (value !== undefined) addKey(context, key, value);
  };
  for (const [key, value] of Object.entries(facts.request ?? {})) {
    const lower = key.toLowerCase();
    if (!lower.startsWith('aws:principal') && !OWNED_KEYS.has(lower)) set(key, value);
  }

  const { principal: p } = facts;
  const now = facts.now ?? new Date();
  set('aws:CurrentTime', isoSeconds(now));
  set('aws:EpochTime', String(Math.floor(now.getTime() / 1000)));
  set('aws:RequestedRegion', facts.region);
  set('aws:SourceIp', facts.sourceIp);
  set('aws:UserAgent', facts.userAgent);
  if (facts.secureTransport !== undefined) set('aws:SecureTransport', String(facts.secureTransport));
  set('aws:ViaAWSService', 'false');

  if (p.type === 'service') {
    set('aws:PrincipalIsAWSService', 'true');
    set('aws:PrincipalServiceName', p.arn);
    return context;
  }
  set('aws:PrincipalIsAWSService', 'false');
  if (p.type === 'federated' || p.type === 'anonymous') return context;

  set('aws:PrincipalArn', p.type === 'assumed-role' ? (p.roleArn ?? p.arn) : p.arn);
  set('aws:PrincipalAccount', p.accountId);
  set('aws:PrincipalType', PRINCIPAL_TYPE[p.type]);
  set('aws:userid', p.userId ?? (p.type === 'root' ? p.accountId : undefined));
  if (p.type === 'user') set('aws:username', userName(p.arn));
  set('aws:PrincipalOrgID', facts.orgId);
  if (facts.orgPaths && facts.orgPaths.length > 0) set('aws:PrincipalOrgPaths', facts.orgPaths);
  for (const [key, value] of Object.entries(facts.principalTags ?? {})) set(`aws:PrincipalTag/${key}`, value);
  if (facts.mfa) {
    set('aws:MultiFactorAuthPresent', String(facts.mfa.present));
    if (facts.mfa.present && facts.mfa.authenticatedAt) {
      set('aws:MultiFactorAuthAge', String(Math.max(0, Math.floor((now.getTime() - facts.mfa.authenticatedAt.getTime()) / 1000))));
    }
  }
  if (facts.tokenIssuedAt) set('aws:TokenIssueTime', isoSeconds(facts.tokenIssuedAt));
  return context;
}
