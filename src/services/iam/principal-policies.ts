// IAM's part of the authorize step's policy source: a principal's identity-based policies (inline and attached, its
// groups' for a user), permissions boundary and tags; a role's trust policy; the default version of a managed policy.
// Reads only, through IAM's stores; the authorize step caches what it gets until one of `tables` is written. A
// principal's policies take a fixed number of queries whatever it has attached (at most 8 for a user in groups, 5 for a
// role): the documents of its managed policies, boundary included, are read in one query.
import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { IdentityPolicies, PolicyText, RoleTrust } from '../../aws/authz/policy-source.js';
import { parseIamArn } from '../../lib/arn.js';
import type { Database } from '../../store/schema.js';
import { awsManagedCatalogue, isAwsManagedPolicyArn } from './aws-managed-catalogue.js';
import type { EntitiesStore } from './entities-store.js';
import { InlinePolicies } from './inline-policies.js';
import type { PoliciesStore } from './policies-store.js';
import type { IamStore } from './store.js';
import type { IamTags } from './tags.js';

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

export interface PrincipalPoliciesDeps {
  readonly db: Kysely<Database>;
  /** Roles and their inline and attached policies. */
  readonly iam: IamStore;
  /** Users, groups and memberships. */
  readonly entities: EntitiesStore;
  /** Users' and groups' attachments, customer managed policies' documents. */
  readonly policies: PoliciesStore;
  readonly tags: IamTags;
}

/** What a boundary whose policy is gone allows: nothing (as AWS, where a boundary's policy cannot be deleted while set). */
const EMPTY_POLICY = '{"Version":"2012-10-17","Statement":[]}';

export class PrincipalPolicies {
  private readonly userInline: InlinePolicies;
  private readonly groupInline: InlinePolicies;

  constructor(private readonly deps: PrincipalPoliciesDeps) {
    this.userInline = new InlinePolicies(deps.db, 'user');
    this.groupInline = new InlinePolicies(deps.db, 'group');
  }

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
    const role = await this.deps.iam.role(account, nameOf(roleArn));
    // the ARN must name the role exactly, path included (IAM matches role ARNs as written)
    return role && role.arn === roleArn ? { account, document: role.trust_policy } : undefined;
  }

  async managedPolicy(accountId: string, arn: string): Promise<string | undefined> {
    return (await this.managedDocuments(accountId, [arn])).get(arn);
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
      const group = await this.deps.entities.byName('iam_groups', accountId, name);
      if (!group) return undefined;
      const { inline, attached } = await this.groupPolicies([group]);
      const documents = await this.managedDocuments(accountId, attached);
      policies = { identity: [...inline, ...managed(attached, documents)], tags: {} };
    }
    return policies === NONE ? undefined : { kind, policies };
  }

  private async rolePolicies(accountId: string, name: string): Promise<IdentityPolicies> {
    const role = await this.deps.iam.role(accountId, name);
    if (!role) return NONE;
    const inline = (await this.deps.iam.roleInlinePolicies(role.id)).map((p) => ({ id: `role/${name}/${p.name}`, document: p.document }));
    const attached = await this.deps.iam.roleAttachedPolicies(role.id);
    return await this.withManaged(accountId, role.id, inline, attached, role.permissions_boundary);
  }

  private async userPolicies(accountId: string, name: string): Promise<IdentityPolicies> {
    const user = await this.deps.entities.byName('iam_users', accountId, name);
    if (!user) return NONE;
    const own = (await this.userInline.documents([user.id])).map((p) => ({ id: `user/${name}/${p.name}`, document: p.document }));
    const attached = await this.deps.policies.attachedArns(this.deps.db, 'user', [user.id]);
    const groups = await this.groupPolicies(await this.deps.entities.groupsOf(user.id));
    for (const arn of groups.attached) if (!attached.includes(arn)) attached.push(arn);
    return await this.withManaged(accountId, user.id, [...own, ...groups.inline], attached, user.permissions_boundary);
  }

  /** The inline policies of these groups and the ARNs attached to them (once each). */
  private async groupPolicies(groups: readonly { readonly id: string; readonly name: string }[]): Promise<{ inline: PolicyText[]; attached: string[] }> {
    if (groups.length === 0) return { inline: [], attached: [] };
    const ids = groups.map((g) => g.id);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const inline = (await this.groupInline.documents(ids)).map((p) => ({ id: `group/${names.get(p.ownerId) ?? p.ownerId}/${p.name}`, document: p.document }));
    const attached = [...new Set(await this.deps.policies.attachedArns(this.deps.db, 'group', ids))];
    return { inline, attached };
  }

  /** A user's or role's policies: its inline ones, then its attached managed ones with its boundary (one read of
   * their documents; one that no longer exists adds nothing), and its tags. */
  private async withManaged(accountId: string, entityId: string, inline: readonly PolicyText[], attached: readonly string[], boundaryArn: string | null): Promise<IdentityPolicies> {
    const documents = await this.managedDocuments(accountId, boundaryArn === null ? attached : [...attached, boundaryArn]);
    const boundary = boundaryArn === null ? undefined : { id: boundaryArn, document: documents.get(boundaryArn) ?? EMPTY_POLICY };
    const tags = Object.fromEntries((await this.deps.tags.list(entityId)).map((t) => [t.Key, t.Value]));
    return { identity: [...inline, ...managed(attached, documents)], boundary, tags };
  }

  /** The default versions' documents of these managed policies by ARN: AWS managed ones from the catalogue, the
   * account's own in one query; one that does not exist is absent. */
  private async managedDocuments(accountId: string, arns: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const documents = new Map<string, string>();
    const customer: string[] = [];
    for (const arn of arns) {
      if (!isAwsManagedPolicyArn(arn)) customer.push(arn);
      else {
        const policy = awsManagedCatalogue.get(arn);
        if (policy) documents.set(arn, policy.document);
      }
    }
    for (const [arn, document] of await this.deps.policies.defaultDocuments(this.deps.db, accountId, customer)) documents.set(arn, document);
    return documents;
  }
}

/** The attached policies that exist, in the order given, named by ARN. */
function managed(arns: readonly string[], documents: ReadonlyMap<string, string>): PolicyText[] {
  return arns.flatMap((arn) => {
    const document = documents.get(arn);
    return document === undefined ? [] : [{ id: arn, document }];
  });
}
