export const partition = 'aws';

export function rootArn(accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

type PathedKind = 'user' | 'group' | 'role' | 'policy';

/**
 * An IAM user, group, role or managed policy, split as IAM splits it: the name is the ARN's last segment, the path
 * what lies before it ('/' at least). accountId is 'aws' for an AWS managed policy.
 */
type PathedArn<K extends PathedKind> = K extends PathedKind
  ? { readonly kind: K; readonly accountId: string; readonly path: string; readonly name: string }
  : never;

/** What an IAM or STS ARN of this server's partition names; an assumed-role session names its role without the path. */
export type IamArn =
  | { readonly kind: 'root'; readonly accountId: string }
  | PathedArn<PathedKind>
  | { readonly kind: 'assumed-role'; readonly accountId: string; readonly roleName: string; readonly sessionName: string }
  | { readonly kind: 'federated-user'; readonly accountId: string; readonly name: string };

export type IamArnKind = IamArn['kind'];

const IAM_OR_STS = /^arn:([^:]+):(iam|sts)::([^:]*):(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;
const PATHED = /^(user|group|role|policy)(\/(?:.*\/)?)([^/]+)$/;
const ASSUMED_ROLE = /^assumed-role\/([^/]+)\/([^/]+)$/;
const FEDERATED_USER = /^federated-user\/([^/]+)$/;

/**
 * What an ARN names: arn:aws:iam::<account>:root, arn:aws:iam::<account>:<user|group|role|policy>/<path/><name>,
 * arn:aws:sts::<account>:assumed-role/<role>/<session> or arn:aws:sts::<account>:federated-user/<name>; undefined for
 * anything else (another partition or service, an account that is not 12 digits, an empty name). Given kinds, only
 * those: undefined for an ARN of another kind.
 */
export function parseIamArn<K extends IamArnKind = IamArnKind>(arn: string, ...kinds: readonly K[]): Extract<IamArn, { readonly kind: K }> | undefined {
  const parsed = parse(arn);
  if (!parsed || (kinds.length > 0 && !(kinds as readonly IamArnKind[]).includes(parsed.kind))) return undefined;
  return parsed as Extract<IamArn, { readonly kind: K }>;
}

function parse(arn: string): IamArn | undefined {
  const [, arnPartition, service, accountId = '', resource = ''] = IAM_OR_STS.exec(arn) ?? [];
  if (arnPartition !== partition) return undefined;
  if (service === 'sts') {
    if (!ACCOUNT_ID.test(accountId)) return undefined;
    const session = ASSUMED_ROLE.exec(resource);
    if (session) return { kind: 'assumed-role', accountId, roleName: session[1]!, sessionName: session[2]! };
    const federated = FEDERATED_USER.exec(resource);
    return federated ? { kind: 'federated-user', accountId, name: federated[1]! } : undefined;
  }
  const pathed = PATHED.exec(resource);
  const kind = pathed?.[1] as PathedKind | undefined;
  // AWS managed policies are the one IAM resource of the account 'aws'
  if (!(ACCOUNT_ID.test(accountId) || (kind === 'policy' && accountId === 'aws'))) return undefined;
  if (resource === 'root') return { kind: 'root', accountId };
  return pathed && kind ? ({ kind, accountId, path: pathed[2]!, name: pathed[3]! } as PathedArn<PathedKind>) : undefined;
}
