// Shared pieces of the policy engine tests: principals, statements and a way to decide one request from plain JSON
// documents, compiled through one cache as the server would.
import {
  evaluate,
  PolicyCache,
  requestContext,
  contextOf,
  type ContextFacts,
  type ContextValue,
  type Decision,
  type NamedPolicy,
  type PolicyPrincipal,
  type ResourcePolicyLayer,
} from '../../src/policy/index.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

export const alice: PolicyPrincipal = {
  type: 'user',
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  userId: 'AIDAEXAMPLEALICE0001',
};

export function rootOf(account: string): PolicyPrincipal {
  return { type: 'root', accountId: account, arn: `arn:aws:iam::${account}:root`, userId: account };
}

export function userOf(account: string, name: string): PolicyPrincipal {
  return { type: 'user', accountId: account, arn: `arn:aws:iam::${account}:user/${name}`, userId: `AIDA${name.toUpperCase()}` };
}

export function sessionOf(role: string, sessionName = 'alice', account = ACCOUNT): PolicyPrincipal {
  return {
    type: 'assumed-role',
    accountId: account,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${sessionName}`,
    roleArn: `arn:aws:iam::${account}:role/${role}`,
    userId: `AROAEXAMPLE${role.toUpperCase()}:${sessionName}`,
  };
}

export type Statement = Readonly<Record<string, unknown>>;
export type Document = { readonly Version?: string; readonly Statement: readonly Statement[] } | object;

export const doc = (...statements: Statement[]): Document => ({ Version: '2012-10-17', Statement: statements });

export function allow(action: string | string[], resource: string | string[] = '*', condition?: object): Statement {
  return { Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

export function deny(action: string | string[], resource: string | string[] = '*', condition?: object): Statement {
  return { Effect: 'Deny', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) };
}

export const FullAWSAccess = doc(allow('*'));
export const Admin = FullAWSAccess;

const cache = new PolicyCache(100);

export function named(id: string, document: Document | string): NamedPolicy {
  return { id, policy: cache.compile(document) };
}

export interface Scenario {
  readonly principal?: PolicyPrincipal;
  readonly action: string;
  readonly resource?: string | readonly string[];
  readonly identity?: readonly Document[];
  /** Default: one level holding FullAWSAccess. */
  readonly scp?: readonly (readonly Document[])[];
  readonly boundary?: Document;
  readonly session?: readonly Document[];
  readonly resourcePolicy?: { readonly document: Document; readonly account?: string; readonly kind?: 'resource' | 'trust' };
  /** Facts for requestContext besides the principal; ignored when rawContext is given. */
  readonly facts?: Omit<ContextFacts, 'principal'>;
  /** The context exactly as given (keys in any case), without the global keys requestContext adds. */
  readonly rawContext?: Readonly<Record<string, ContextValue>>;
}

export function decide(s: Scenario): Decision {
  const principal = s.principal ?? alice;
  const resourcePolicy: ResourcePolicyLayer | undefined = s.resourcePolicy && {
    policy: named('resource-policy', s.resourcePolicy.document),
    account: s.resourcePolicy.account ?? ACCOUNT,
    kind: s.resourcePolicy.kind ?? 'resource',
  };
  return evaluate(
    {
      principal,
      action: s.action,
      resources: s.resource === undefined ? ['*'] : typeof s.resource === 'string' ? [s.resource] : s.resource,
      context: s.rawContext ? contextOf(s.rawContext) : requestContext({ now: new Date('2025-06-01T00:00:00Z'), ...s.facts, principal }),
    },
    {
      identity: (s.identity ?? []).map((d, i) => named(`identity-${i}`, d)),
      boundary: s.boundary && named('boundary', s.boundary),
      session: s.session?.map((d, i) => named(`session-${i}`, d)),
      scpLevels: (s.scp ?? [[FullAWSAccess]]).map((level, l) => level.map((d, i) => named(`scp-${l}-${i}`, d))),
      resource: resourcePolicy,
    },
  );
}
