import type { ContextValue, RequestContext } from './request-context.js';
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

/** aws:CurrentTime and aws:EpochTime of the last second asked for: formatting a date is most of a context's cost,
 * and a busy server asks for the same second thousands of times. */
let lastSecond = Number.NaN;
let lastTimes: readonly [iso: readonly string[], epoch: readonly string[]] = [[], []];

function timeKeys(ms: number): readonly [readonly string[], readonly string[]] {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTimes = [[isoSeconds(new Date(second * 1000))], [String(second)]];
  }
  return lastTimes;
}

export function requestContext(facts: ContextFacts): RequestContext {
  const context = new Map<string, readonly string[]>();
  // Keys below are written lower-case already; only the request's keys and tag names need lower-casing.
  const put = (key: string, value: ContextValue | undefined) => {
    if (value !== undefined) context.set(key, typeof value === 'string' ? [value] : value);
  };
  if (facts.request) {
    for (const [key, value] of Object.entries(facts.request)) {
      const lower = key.toLowerCase();
      if (!lower.startsWith('aws:principal') && !OWNED_KEYS.has(lower)) put(lower, value);
    }
  }

  const { principal: p } = facts;
  const nowMs = facts.now ? facts.now.getTime() : Date.now();
  const [iso, epoch] = timeKeys(nowMs);
  put('aws:currenttime', iso);
  put('aws:epochtime', epoch);
  put('aws:requestedregion', facts.region);
  put('aws:sourceip', facts.sourceIp);
  put('aws:useragent', facts.userAgent);
  if (facts.secureTransport !== undefined) put('aws:securetransport', String(facts.secureTransport));
  put('aws:viaawsservice', 'false');

  if (p.type === 'service') {
    put('aws:principalisawsservice', 'true');
    put('aws:principalservicename', p.arn);
    return context;
  }
  put('aws:principalisawsservice', 'false');
  if (p.type === 'federated' || p.type === 'anonymous') return context;

  put('aws:principalarn', p.type === 'assumed-role' ? (p.roleArn ?? p.arn) : p.arn);
  put('aws:principalaccount', p.accountId);
  put('aws:principaltype', PRINCIPAL_TYPE[p.type]);
  put('aws:userid', p.userId ?? (p.type === 'root' ? p.accountId : undefined));
  if (p.type === 'user') put('aws:username', userName(p.arn));
  put('aws:principalorgid', facts.orgId);
  if (facts.orgPaths && facts.orgPaths.length > 0) put('aws:principalorgpaths', facts.orgPaths);
  if (facts.principalTags) {
    for (const [key, value] of Object.entries(facts.principalTags)) put(`aws:principaltag/${key.toLowerCase()}`, value);
  }
  if (facts.mfa) {
    put('aws:multifactorauthpresent', String(facts.mfa.present));
    if (facts.mfa.present && facts.mfa.authenticatedAt) {
      put('aws:multifactorauthage', String(Math.max(0, Math.floor((nowMs - facts.mfa.authenticatedAt.getTime()) / 1000))));
    }
  }
  if (facts.tokenIssuedAt) put('aws:tokenissuetime', isoSeconds(facts.tokenIssuedAt));
  return context;
}
