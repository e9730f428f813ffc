// Where a policy document is used, and the rules of the grammar that differ between those places. Identity policies
// name no principal and must name resources; trust policies must name a principal, no resource, and only the STS
// actions that start a session; SCPs name no principal; RCPs name every principal and only deny.

/**
 * identity: an inline policy of a user, group or role, and a permission set's inline policy (Version may be absent);
 * managed: a managed policy version (Version 2012-10-17 required); boundary: a permissions boundary (a managed policy);
 * session: a session policy passed to AssumeRole* or GetFederationToken;
 * trust: a role's trust policy; resource: another resource-based policy;
 * scp / rcp: an AWS Organizations service or resource control policy.
 */
export type PolicyUse = 'identity' | 'managed' | 'boundary' | 'session' | 'trust' | 'resource' | 'scp' | 'rcp';

export interface UseRules {
  /** optional: absent, 2008-10-17 or 2012-10-17; required: 2012-10-17; current: 2012-10-17 when present. */
  readonly version: 'optional' | 'required' | 'current';
  /** forbidden: no Principal or NotPrincipal; required: Principal or NotPrincipal; everyone: Principal "*" only. */
  readonly principal: 'forbidden' | 'required' | 'everyone';
  /** required: Resource or NotResource; forbidden: neither; optional: absent means every resource. */
  readonly resource: 'required' | 'forbidden' | 'optional';
  /** IAM's Sids are alphanumeric in the policies it stores as identity policies. */
  readonly alphanumericSids: boolean;
  /** The actions a statement may name, when the use limits them (lower-cased). */
  readonly actions?: ReadonlySet<string>;
  readonly notAction: boolean;
  readonly allow: boolean;
}

/** The STS actions a trust policy may grant: those that start a session, and what a session may carry. */
export const TRUST_ACTIONS: ReadonlySet<string> = new Set(
  ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext'].map(
    (a) => a.toLowerCase(),
  ),
);

const identity: UseRules = { version: 'optional', principal: 'forbidden', resource: 'required', alphanumericSids: true, notAction: true, allow: true };

export const USE_RULES: Readonly<Record<PolicyUse, UseRules>> = {
  identity,
  session: identity,
  managed: { ...identity, version: 'required' },
  boundary: { ...identity, version: 'required' },
  trust: { ...identity, principal: 'required', resource: 'forbidden', alphanumericSids: false, actions: TRUST_ACTIONS },
  resource: { ...identity, principal: 'required', alphanumericSids: false },
  scp: { ...identity, version: 'current', resource: 'optional' },
  rcp: { ...identity, version: 'current', principal: 'everyone', resource: 'optional', notAction: false, allow: false },
};
