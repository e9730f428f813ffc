// IAM's part of the authorize step's policy source: a principal's identity-based policies (inline and attached, its
// groups' for a user), permissions boundary and tags; a role's trust policy; the default version of a managed policy.
// Reads only; the authorize step caches what it gets until one of `tables` is written.
import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { IdentityPolicies, PolicyText, RoleTrust } from '../../aws/authz/policy-source.js';
import { parseIamArn } from '../../lib/arn.js';
import type { Database } from '../../store/schema.js';
import { awsManagedCatalogue, isAwsManagedPolicyArn } from './aws-managed-catalogue.js';

type Db = Kysely<Database>;

/** Every table the answers below read. */
export const principalPolicyTables = [
  'roles',
  'role_attached_policies',
  'role_inline_policies',
  'iam_users',
  'iam_groups',
  'iam_group_members',
  'iam_user_inline_policies',
  'iam_user_attached_policies',
  'iam_group_inline_policies',
  'iam_group_attached_policies',
  'iam_policies',
  'iam_policy_versions',
  'iam_tags',
] as const satisfies readonly (keyof Database)[];

const NONE: IdentityPolicies = { identity: [], tags: {} };

/** arn:aws:iam::<account>:<kind>/<path><name> -> name (IAM names are unique per account whatever the path). */
function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** arn:aws:iam::<account>:... -> account */
function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

export class PrincipalPolicies {
  constructor(private readonly db: Db) {}

  async identityPolicies(principal: Principal): Promise<IdentityPolicies> {
    switch (principal.type) {
      case 'user':
        return await this.userPolicies(principal.accountId, nameOf(principal.arn));
      case 'assumed-role':
        return principal.roleArn ? await this.rolePolicies(principal.accountId, nameOf(principal.roleArn)) : NONE;
      case 'federated-user':
        // bounded by the policies of the IAM user that called GetFederationToken (root: by nothing)
        return principal.issuerArn?.includes(':user/') ? await this.userPolicies(principal.accountId, nameOf(principal.issuerArn)) : NONE;
      default:
        // root needs no identity policy
        return NONE;
    }
  }

  async trustPolicy(roleArn: string): Promise<RoleTrust | undefined> {
    const account = accountOf(roleArn);
    const role = await this.role(account, nameOf(roleArn));
    // the ARN must name the role exactly, path included (IAM matches role ARNs as written)
    return role && role.arn === roleArn ? { account, document: role.trust_policy } : undefined;
  }

  async managedPolicy(accountId: string, arn: string): Promise<string | undefined> {
    if (isAwsManagedPolicyArn(arn)) return awsManagedCatalogue.get(arn)?.document;
    const row = await this.db
      .selectFrom('iam_policies as p')
      .innerJoin('iam_policy_versions as v', (j) => j.onRef('v.policy_id', '=', 'p.id').onRef('v.version_id', '=', 'p.default_version_id'))
      .select('v.document')
      .where('p.account_id', '=', accountId)
      .where('p.arn', '=', arn)
      .executeTakeFirst();
    return row?.document;
  }

  private async role(accountId: string, name: string) {
    return await this.db
      .selectFrom('roles')
      .select(['id', 'arn', 'trust_policy', 'permissions_boundary'])
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
  }

  private async rolePolicies(accountId: string, name: string): Promise<IdentityPolicies> {
    const role = await this.role(accountId, name);
    if (!role) return NONE;
    const inline = await this.db.selectFrom('role_inline_policies').select(['name', 'document']).where('role_id', '=', role.id).orderBy('name').execute();
    const attached = await this.db.selectFrom('role_attached_policies').select('policy_arn').where('role_id', '=', role.id).orderBy('policy_arn').execute();
    const identity: PolicyText[] = inline.map((p) => ({ id: `role/${name}/${p.name}`, document: p.document }));
    await this.addManaged(identity, accountId, attached.map((a) => a.policy_arn));
    return { identity, boundary: await this.boundary(accountId, role.permissions_boundary), tags: await this.tags(role.id) };
  }

  private async userPolicies(accountId: string, name: string): Promise<IdentityPolicies> {
    const user = await this.db
      .selectFrom('iam_users')
      .select(['id', 'permissions_boundary'])
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
    if (!user) return NONE;
    const identity: PolicyText[] = [];
    const inline = await this.db.selectFrom('iam_user_inline_policies').select(['name', 'document']).where('user_id', '=', user.id).orderBy('name').execute();
    for (const p of inline) identity.push({ id: `user/${name}/${p.name}`, document: p.document });
    const arns = (await this.db.selectFrom('iam_user_attached_policies').select('policy_arn').where('user_id', '=', user.id).execute()).map((a) => a.policy_arn);
    const groups = await this.db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_groups as g', 'g.id', 'm.group_id')
      .select(['g.id', 'g.name'])
      .where('m.user_id', '=', user.id)
      .orderBy('g.name')
      .execute();
    await this.addGroups(identity, arns, groups);
    await this.addManaged(identity, accountId, arns);
    return { identity, boundary: await this.boundary(accountId, user.permissions_boundary), tags: await this.tags(user.id) };
  }

  /** The inline policies of these groups (into identity) and their attached ARNs (into arns, once each). */
  private async addGroups(identity: PolicyText[], arns: string[], groups: readonly { readonly id: string; readonly name: string }[]): Promise<void> {
    if (groups.length === 0) return;
    const ids = groups.map((g) => g.id);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const inline = await this.db.selectFrom('iam_group_inline_policies').select(['group_id', 'name', 'document']).where('group_id', 'in', ids).orderBy('name').execute();
    for (const p of inline) identity.push({ id: `group/${names.get(p.group_id) ?? p.group_id}/${p.name}`, document: p.document });
    const attached = await this.db.selectFrom('iam_group_attached_policies').select('policy_arn').where('group_id', 'in', ids).execute();
    for (const a of attached) if (!arns.includes(a.policy_arn)) arns.push(a.policy_arn);
  }

  /**
   * The policies of the user, group or role this ARN names (a user's with its groups'), as IAM's policy simulator
   * takes them from PolicySourceArn; undefined when there is no such entity.
   */
  async entityPolicies(arn: string): Promise<{ readonly kind: 'user' | 'group' | 'role'; readonly policies: IdentityPolicies } | undefined> {
    const parts = parseIamArn(arn, 'user', 'group', 'role');
    if (!parts) return undefined;
    const { accountId, kind, name } = parts;
    let policies: IdentityPolicies;
    if (kind === 'user') policies = await this.userPolicies(accountId, name);
    else if (kind === 'role') policies = await this.rolePolicies(accountId, name);
    else {
      const group = await this.db.selectFrom('iam_groups').select(['id', 'name']).where('account_id', '=', accountId).where('name_lower', '=', name.toLowerCase()).executeTakeFirst();
      if (!group) return undefined;
      const identity: PolicyText[] = [];
      const arns: string[] = [];
      await this.addGroups(identity, arns, [group]);
      await this.addManaged(identity, accountId, arns);
      policies = { identity, tags: {} };
    }
    return policies === NONE ? undefined : { kind, policies };
  }

  /** The documents of these managed policies, named by ARN; one that no longer exists adds nothing. */
  private async addManaged(out: PolicyText[], accountId: string, arns: readonly string[]): Promise<void> {
    for (const arn of arns) {
      const document = await this.managedPolicy(accountId, arn);
      if (document !== undefined) out.push({ id: arn, document });
    }
  }

  private async boundary(accountId: string, arn: string | null): Promise<PolicyText | undefined> {
    if (arn === null) return undefined;
    // a boundary whose policy is gone allows nothing (as AWS, where a boundary's policy cannot be deleted while set)
    return { id: arn, document: (await this.managedPolicy(accountId, arn)) ?? '{"Version":"2012-10-17","Statement":[]}' };
  }

  private async tags(entityId: string): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom('iam_tags').select(['key', 'value']).where('entity_id', '=', entityId).execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
