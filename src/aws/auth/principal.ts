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
  /** Epoch ms; only for temporary credentials. */
  readonly expiresAt?: number;
}
