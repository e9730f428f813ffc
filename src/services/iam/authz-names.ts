import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import { partition } from '../../lib/arn.js';
import type { Database } from '../../store/schema.js';
import type { AccessKeys } from './access-keys.js';
import type { PoliciesStore } from './policies-store.js';
import { serviceLinkedRoleName } from './service-linked-roles.js';

// Answers authz.ts's resolverNames: what IAM's ARN templates and iam:PermissionsBoundary need beyond the input, for
// the authorize step before the operation runs. Entity paths come from the store (an entity not stored yet takes the
// request's Path, else "/", as it will be created with); an omitted UserName is the calling IAM user. Anything that
// cannot be known is undefined, so the template authorizes against '*'; bad input never throws here.

type Input = Record<string, unknown>;

export interface IamAuthzNamesDeps {
  readonly db: Kysely<Database>;
  readonly policies: PoliciesStore;
  readonly accessKeys: AccessKeys;
}

export class IamAuthzNames {
  constructor(private readonly deps: IamAuthzNamesDeps) {}

  async resolve(name: string, input: Input, principal: Principal): Promise<string | undefined> {
    const account = principal.accountId;
    switch (name) {
      case 'UserName':
        return this.userName(principal);
      case 'UserPath': {
        const user = text(input, 'UserName') ?? this.userName(principal);
        return user === undefined ? undefined : await this.path('user', account, user, input);
      }
      case 'AccessKeyOwnerName':
        return await this.keyOwner(input, account);
      case 'AccessKeyOwnerPath': {
        const owner = await this.keyOwner(input, account);
        return owner === undefined ? undefined : await this.path('user', account, owner, input);
      }
      case 'RolePath':
        return await this.path('role', account, text(input, 'RoleName'), input);
      case 'GroupPath':
        return await this.path('group', account, text(input, 'GroupName'), input);
      // Instance profiles, server certificates, policies being created and virtual MFA devices are not stored.
      case 'InstanceProfilePath':
      case 'ServerCertificatePath':
      case 'PolicyPath':
      case 'MfaPath':
        return text(input, 'Path') ?? '/';
      case 'NewPath':
        // An update that does not move the entity keeps its current path.
        if (text(input, 'UserName') !== undefined) return await this.path('user', account, text(input, 'UserName'), input);
        if (text(input, 'GroupName') !== undefined) return await this.path('group', account, text(input, 'GroupName'), input);
        return text(input, 'ServerCertificateName') === undefined ? undefined : '/';
      case 'NewUserName':
        return text(input, 'UserName');
      case 'NewGroupName':
        return text(input, 'GroupName');
      case 'NewServerCertificateName':
        return text(input, 'ServerCertificateName');
      case 'OidcProviderName':
        return text(input, 'Url')?.replace(/^https:\/\//i, '');
      case 'ServiceLinkedRoleName': {
        const service = text(input, 'AWSServiceName');
        return service === undefined ? undefined : serviceLinkedRoleName(service, text(input, 'CustomSuffix'));
      }
      case 'DeletionTaskRoleArn': {
        // task/aws-service-role/<service>/<role name>/<uuid>: the id names the role whose deletion it tracks.
        const task = /^task\/(aws-service-role\/[^/]+\/[^/]+)\/[^/]+$/.exec(text(input, 'DeletionTaskId') ?? '');
        return task ? `arn:${partition}:iam::${account}:role/${task[1]}` : undefined;
      }
      case 'CurrentPermissionsBoundary': {
        const role = text(input, 'RoleName');
        if (role !== undefined) return await this.deps.policies.permissionsBoundary(this.deps.db, 'role', account, role);
        const user = text(input, 'UserName') ?? this.userName(principal);
        return user === undefined ? undefined : await this.deps.policies.permissionsBoundary(this.deps.db, 'user', account, user);
      }
      default:
        // CredentialServiceName: service-specific credentials are not stored (their operations are not implemented).
        return undefined;
    }
  }

  /** The user an operation without UserName acts on: the calling IAM user (the last segment of
   * arn:aws:iam::<acct>:user/<path><name>); none for root and role sessions. */
  private userName(principal: Principal): string | undefined {
    if (principal.type !== 'user') return undefined;
    const name = principal.arn.slice(principal.arn.lastIndexOf('/') + 1);
    return name === '' ? undefined : name;
  }

  private async keyOwner(input: Input, account: string): Promise<string | undefined> {
    const accessKeyId = text(input, 'AccessKeyId');
    return accessKeyId === undefined ? undefined : await this.deps.accessKeys.ownerName(account, accessKeyId);
  }

  /** The stored entity's path; for one not stored (being created, or absent) the request's Path, else "/". */
  private async path(kind: 'user' | 'role' | 'group', account: string, name: string | undefined, input: Input): Promise<string | undefined> {
    if (name === undefined) return undefined;
    const entity = await this.deps.policies.entity(this.deps.db, kind, account, name);
    return entity?.path ?? text(input, 'Path') ?? '/';
  }
}

/** A non-empty string member of the input, else undefined. */
function text(input: Input, member: string): string | undefined {
  const v = input[member];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
