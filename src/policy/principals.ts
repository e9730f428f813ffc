import { issue, type PolicyIssue } from './issues.js';
import type { PolicyPrincipal } from './types.js';

// Principal and NotPrincipal of resource-based and trust policies. A principal is named as "*", {"AWS": ...} (an
// account id or arn:aws:iam::<acct>:root for the whole account, an IAM user or role ARN, an assumed-role session or
// federated-user ARN, or "*"), {"Service": "ec2.amazonaws.com"} or {"Federated": <provider>}. There are no partial
// wildcards in principals. Names compare case-insensitively: IAM names are unique regardless of case.
//
// How directly a statement names the caller matters to the evaluation (evaluate.ts): within one account a grant to
// the user or session itself is not limited by implicit denies elsewhere, a grant to the role is limited by the
// boundary and session policy, and a grant to the account is only a delegation to the account's own policies.

/** How directly a resource policy names the caller, weakest first. */
export type GrantKind = 'account' | 'role' | 'user' | 'session';

const STRENGTH: Readonly<Record<GrantKind, number>> = { account: 0, role: 1, user: 2, session: 3 };

export function stronger(a: GrantKind | undefined, b: GrantKind): GrantKind {
  return a === undefined || STRENGTH[b] > STRENGTH[a] ? b : a;
}

export interface PrincipalSet {
  /** "Principal": "*": every caller, signed or not. */
  readonly everyone: boolean;
  /** {"AWS": "*"}: every AWS principal (not services or identity providers). */
  readonly anyAws: boolean;
  readonly accounts: ReadonlySet<string>;
  /** Lower-cased user, role, session and federated-user ARNs. */
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/i;
const KINDS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export function compilePrincipals(element: unknown, name: string, statement: number, issues: PolicyIssue[]): PrincipalSet {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  let anyAws = false;
  if (element === '*') return { everyone: true, anyAws: true, accounts, arns, services, federated };
  if (element === null || typeof element !== 'object' || Array.isArray(element)) {
    issues.push(issue('invalid-principal', `${name} must be "*" or an object such as {"AWS": ...}`, statement));
    return { everyone: false, anyAws, accounts, arns, services, federated };
  }
  for (const [kind, raw] of Object.entries(element as Record<string, unknown>)) {
    if (!KINDS.has(kind)) {
      issues.push(issue('invalid-principal', `${name} has an unknown principal type ${kind}`, statement));
      continue;
    }
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== 'string') {
        issues.push(issue('invalid-principal', `${name} ${kind} values must be strings`, statement));
        continue;
      }
      if (kind === 'Service') services.add(value.toLowerCase());
      else if (kind === 'Federated') federated.add(value.toLowerCase());
      else if (kind === 'AWS') {
        const root = ROOT_ARN.exec(value);
        if (value === '*') anyAws = true;
        else if (ACCOUNT_ID.test(value)) accounts.add(value);
        else if (root?.[1] !== undefined) accounts.add(root[1]);
        else arns.add(value.toLowerCase());
      }
      // CanonicalUser names S3 identities, which never call this server: it matches no one.
    }
  }
  return { everyone: false, anyAws, accounts, arns, services, federated };
}

/** How a wildcard principal names a caller: as directly as its user, or its role (never past a role's limits). */
export function wildcardGrant(p: PolicyPrincipal): GrantKind {
  switch (p.type) {
    case 'root':
      return 'account';
    case 'user':
      return 'user';
    case 'assumed-role':
      return 'role';
    default:
      return 'session';
  }
}

/** The most direct way the set names the caller; undefined when it does not. */
export function grantFor(set: PrincipalSet, p: PolicyPrincipal): GrantKind | undefined {
  const aws = p.type !== 'service' && p.type !== 'federated' && p.type !== 'anonymous';
  let grant: GrantKind | undefined;
  if (set.everyone || (set.anyAws && aws)) grant = wildcardGrant(p);
  if (p.type === 'service') return set.services.has(p.arn.toLowerCase()) ? 'session' : grant;
  if (p.type === 'federated') return set.federated.has(p.arn.toLowerCase()) ? 'session' : grant;
  if (!aws) return grant;
  if (set.accounts.has(p.accountId)) grant = stronger(grant, 'account');
  if (p.roleArn !== undefined && set.arns.has(p.roleArn.toLowerCase())) grant = stronger(grant, 'role');
  if (set.arns.has(p.arn.toLowerCase())) grant = stronger(grant, p.type === 'user' ? 'user' : 'session');
  return grant;
}

/**
 * Whether NotPrincipal leaves the caller out. AWS may check a caller's account, then its role, then the session
 * (IAM User Guide, NotPrincipal): the caller is left out only when every link of that chain is listed, which is why
 * the documented examples list the account and the role beside the user or session.
 */
export function excludes(set: PrincipalSet, p: PolicyPrincipal): boolean {
  if (set.everyone) return true;
  if (p.type === 'service') return set.services.has(p.arn.toLowerCase());
  if (p.type === 'federated') return set.federated.has(p.arn.toLowerCase());
  if (p.type === 'anonymous') return false;
  if (set.anyAws) return true;
  if (!set.accounts.has(p.accountId)) return false;
  if (p.type === 'root') return true;
  if (p.roleArn !== undefined && !set.arns.has(p.roleArn.toLowerCase())) return false;
  return set.arns.has(p.arn.toLowerCase());
}
