// The authorization description of one operation: what IAM action it is, which resources it touches and which
// request context keys it supplies. Each service's authz.ts is a table of these, one per model operation.

/**
 * ARN templates use ${Name} placeholders. Names that are members of the operation's input (e.g. ${AccountId},
 * ${PolicyId}, ${RoleName}) are filled from the input; ${Partition}, ${Region} and ${Account} (the caller's account)
 * from the request; anything else (e.g. ${OrganizationId}, ${ManagementAccountId}, ${InstanceId}) from the
 * service's resolver. A template whose placeholder cannot be filled authorizes against '*'.
 * A placeholder may be a dotted input path (${MemberId.UserId}); one whose input value is a list of strings yields one
 * resource per element (${GroupIds}). An input member the request omits is asked of the resolver, which may supply
 * the default AWS applies (IAM's UserName: the calling user).
 */
export type ArnTemplate = string;

export interface AuthzEntry {
  /** The IAM action, e.g. 'organizations:CreateAccount'; null for operations that IAM does not authorize
   * (unsigned sso portal and sso-oidc calls, which check bearer tokens and client secrets instead). */
  readonly action: string | null;
  /** The resources the call touches, per the Service Authorization Reference; ['*'] when the action supports none. */
  readonly resources: readonly ArnTemplate[];
  /** Service-specific condition keys the request supplies: key -> dotted path into the input (e.g.
   * 'organizations:PolicyType': 'Type'). */
  readonly context?: Readonly<Record<string, string>>;
  /** Service-specific condition keys whose value is a fact about stored state rather than the input: key -> resolver
   * name (e.g. 'organizations:PolicyType': 'NamedPolicyType' for AttachPolicy, which names the policy only by id). */
  readonly resolvedContext?: Readonly<Record<string, string>>;
  /** The input member holding request tags as [{Key, Value}] (aws:RequestTag/*, aws:TagKeys). */
  readonly requestTags?: string;
  /** The input member holding tag keys being removed (aws:TagKeys for Untag*). */
  readonly tagKeys?: string;
  /** Further actions the call needs on the same resources when the request supplies a context key: action -> key
   * (AssumeRole with Tags also needs sts:TagSession, with a SourceIdentity sts:SetSourceIdentity). */
  readonly companions?: Readonly<Record<string, string>>;
  /** The input members naming an MFA device and its current code (AssumeRole's SerialNumber and TokenCode). The
   * pipeline has the service check the code before the authorize step, so the request is decided with the MFA it
   * brings (a trust policy's aws:MultiFactorAuthPresent), as on AWS, and hands the check's time to the handler. */
  readonly mfa?: { readonly serialNumber: string; readonly tokenCode: string };
}

export type AuthzTable = Readonly<Record<string, AuthzEntry>>;

/** What the authorize step hands to the policy engine. */
export interface AuthzRequest {
  readonly action: string;
  readonly resources: readonly string[];
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** Companion actions this request needs too (AuthzEntry.companions whose key the context has). */
  readonly companions?: readonly string[];
}
