// What the authorize step needs to know of stored state to decide a call: the port the services fill (IAM: a
// principal's identity policies, boundary and tags, a role's trust policy, managed policy documents; Organizations:
// the SCPs along an account's path). Documents come as text; the decider compiles and caches them.
import type { Principal } from '../auth/principal.js';

/** A policy document and the name a decision gives it (a policy ARN, "role/<name>/<inline name>", an SCP id). */
export interface PolicyText {
  readonly id: string;
  readonly document: string;
}

export interface IdentityPolicies {
  /** Every identity-based policy: inline and attached, of the user and its groups, or of the role. */
  readonly identity: readonly PolicyText[];
  readonly boundary?: PolicyText | undefined;
  /** The principal's own tags (the user's, or the role's), before session tags overlay them. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface AccountControls {
  /** The SCP documents at each level of the account's path, root first; empty when SCPs do not bind the account
   * (the management account, a standalone account, SCPs not enabled). */
  readonly scpLevels: readonly (readonly PolicyText[])[];
  /** The account's organization (aws:PrincipalOrgID) and path in it, o-x/r-y/ou-z/ (aws:PrincipalOrgPaths). */
  readonly organizationId?: string | undefined;
  readonly orgPath?: string | undefined;
}

export interface RoleTrust {
  readonly account: string;
  readonly document: string;
}

export interface PolicySource {
  /** The tables whose writes can change any answer below: decisions cached from them last until one is written. */
  readonly tables: readonly string[];
  identityPolicies(principal: Principal): Promise<IdentityPolicies>;
  accountControls(accountId: string): Promise<AccountControls>;
  /** The trust policy of the role with this ARN; undefined when there is no such role. */
  trustPolicy(roleArn: string): Promise<RoleTrust | undefined>;
  /** A managed policy's default version (a session's PolicyArns); undefined when there is none. */
  managedPolicy(accountId: string, arn: string): Promise<string | undefined>;
}
