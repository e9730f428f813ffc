// The shapes the policy engine takes and gives. Compiled forms live beside the code that builds them; this file holds
// what a caller of the engine names: principals, layers, decisions.

export type Effect = 'Allow' | 'Deny';

/**
 * Who makes the request, in the engine's terms. Structurally a superset of src/aws/auth's Principal, so an
 * authenticated principal can be passed as is; 'service' and 'federated' are the callers a trust policy names by
 * `Service` or `Federated` (AssumeRole by a service, AssumeRoleWithSAML / WithWebIdentity).
 */
export type PolicyPrincipalType =
  | 'root'
  | 'user'
  | 'assumed-role'
  | 'federated-user'
  | 'anonymous'
  | 'service'
  | 'federated';

export interface PolicyPrincipal {
  readonly type: PolicyPrincipalType;
  /** The account the principal belongs to ('' for service and federated callers). */
  readonly accountId: string;
  /** root, user, assumed-role session or federated-user ARN; for 'service' the service name (ec2.amazonaws.com); for
   * 'federated' the identity provider (a SAML/OIDC provider ARN, or accounts.google.com). */
  readonly arn: string;
  /** aws:userid. */
  readonly userId?: string;
  /** For role sessions: the role's ARN (with its path), which is aws:PrincipalArn and what trust policies name. */
  readonly roleArn?: string;
}

/** The policy layers of AWS's evaluation logic, named in decisions. */
export type LayerName = 'scp' | 'resource' | 'trust' | 'identity' | 'boundary' | 'session';

/** A statement named in a decision: the policy it is in (the id the caller gave) and where it is in that policy. */
export interface StatementRef {
  readonly layer: LayerName;
  readonly policyId: string;
  /** 0-based position in the policy's Statement list. */
  readonly index: number;
  readonly sid: string | undefined;
}

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface Decision {
  readonly decision: DecisionKind;
  /** The layer that decided: for an explicit deny the layer of the Deny statement, for an implicit deny the layer
   * that lacked an Allow, for Allow the layer whose Allow granted it (identity, resource or trust; root: identity). */
  readonly layer: LayerName;
  /** The statement that decided (the Deny, or the granting Allow); undefined for an implicit deny and for root. */
  readonly statement: StatementRef | undefined;
  /** The resource the decision is about: for a denial the first resource denied. */
  readonly resource: string;
  /** AWS's sentence for an AccessDenied ("User: ... is not authorized to perform: ..."); '' for Allow. */
  readonly message: string;
}
