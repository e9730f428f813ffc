// Who made a request, as authentication established it.

export type PrincipalType = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'anonymous';

export interface Principal {
  readonly type: PrincipalType;
  readonly accountId: string;
  /** arn:aws:iam::<acct>:root, arn:aws:iam::<acct>:user/<path><name>, arn:aws:sts::<acct>:assumed-role/<role>/<session> */
  readonly arn: string;
  /** aws:userid: the account id for root, AIDA... for users, <role id>:<session> for sessions. */
  readonly userId: string;
  /** For sessions: the role the session belongs to. */
  readonly roleArn?: string;
  readonly sessionName?: string;
  /** The access key the request was signed with. */
  readonly accessKeyId?: string;
  /** For federated users: the IAM user (or root) whose long-term key called GetFederationToken. Its policies bound
   * the session's, as the role's do for an assumed role (CloudTrail's sessionIssuer). */
  readonly issuerArn?: string;
  /** Epoch ms; only for temporary credentials. */
  readonly expiresAt?: number;
  /** Only for temporary credentials: what the call that issued them attached to the session. */
  readonly session?: SessionAttributes;
}

/**
 * What a temporary credential's session carries beyond its identity, as the issuing call (AssumeRole,
 * GetFederationToken, GetSessionToken, the portal's GetRoleCredentials) set it. The authorize step reads it: session
 * policies narrow the session, tags become aws:PrincipalTag/*, the rest fill global condition keys.
 */
export interface SessionAttributes {
  /** Epoch ms the credentials were issued (aws:TokenIssueTime). */
  readonly issuedAt: number;
  /** The inline session policy, as passed (JSON text). */
  readonly policy?: string;
  /** The managed session policies' ARNs (PolicyArns). */
  readonly policyArns?: readonly string[];
  /** Session tags: overlay the role's tags as aws:PrincipalTag/* (keys as given; lookups are case-insensitive). */
  readonly tags?: Readonly<Record<string, string>>;
  /** The session tag keys passed on when this session assumes another role (role chaining). */
  readonly transitiveTagKeys?: readonly string[];
  /** sts:SourceIdentity, fixed for the session and every session chained from it. */
  readonly sourceIdentity?: string;
  /** Epoch ms of the MFA authentication the session was created with (aws:MultiFactorAuthPresent/Age). */
  readonly mfaAuthenticatedAt?: number;
  /** A role session created with role session credentials (role chaining: at most one hour). */
  readonly chained?: boolean;
}
