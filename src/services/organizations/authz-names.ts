import type { Principal } from '../../aws/auth/principal.js';
import type { OrganizationRow } from '../../store/schema.js';
import type { OrgCore } from './core.js';
import type { OrganizationsDomain } from './domain.js';
import { arns } from './ids.js';
import type { TagsDomain } from './tags.js';

// Answers authz.ts's resolverNames: the stored facts Organizations ARNs and resolved condition keys need, looked up
// for the authorize step before the operation runs. Every ARN names the caller's organization and its management
// account. Anything unknown (no organization, an id that names nothing of it) is undefined, so the template
// authorizes against '*' and the operation answers its own NotFound error; bad input never throws here.

type Input = Record<string, unknown>;

export class OrgAuthzNames {
  /** The caller's organization, looked up once per request: one request's names share its input object. */
  readonly #orgs = new WeakMap<Input, Promise<OrganizationRow | undefined>>();

  constructor(
    private readonly core: OrgCore,
    private readonly organizations: OrganizationsDomain,
    private readonly tags: TagsDomain,
  ) {}

  async resolve(name: string, input: Input, principal: Principal): Promise<string | undefined> {
    // A handshake's recipient may be in no organization yet; its ARN names the organization that sent it.
    if (name === 'HandshakeArn') return await this.handshakeArn(text(input, 'HandshakeId'));
    const org = await this.orgOf(input, principal);
    if (!org) return undefined;
    switch (name) {
      case 'ManagementAccountId':
        return org.management_account_id;
      case 'OrganizationId':
        return org.id;
      case 'PolicyArn':
        return (await this.policy(org, text(input, 'PolicyId')))?.arn;
      case 'NamedPolicyType': {
        const resourceId = text(input, 'ResourceId');
        const policyId = text(input, 'PolicyId') ?? (resourceId?.startsWith('p-') ? resourceId : undefined);
        return (await this.policy(org, policyId))?.type;
      }
      case 'TargetArn': {
        // DescribeEffectivePolicy without a TargetId describes the caller's own account.
        const targetId = text(input, 'TargetId') ?? principal.accountId;
        return (await this.organizations.target(org.id, targetId))?.arn;
      }
      case 'ChildArn':
        return await this.targetArn(org, text(input, 'ChildId'));
      case 'ParentArn':
        return await this.parentArn(org, text(input, 'ParentId'));
      case 'SourceParentArn':
        return await this.parentArn(org, text(input, 'SourceParentId'));
      case 'DestinationParentArn':
        return await this.parentArn(org, text(input, 'DestinationParentId'));
      case 'ResourceArn': {
        const resourceId = text(input, 'ResourceId');
        return resourceId === undefined ? undefined : await this.tags.resourceArn(org, resourceId);
      }
      case 'PolicyTypePath':
        return text(input, 'Type')?.toLowerCase();
      case 'InvitedAccountArn': {
        const target = input['Target'] as { Type?: unknown; Id?: unknown } | undefined;
        return target?.Type === 'ACCOUNT' && typeof target.Id === 'string' && /^\d{12}$/.test(target.Id)
          ? arns.account(org.management_account_id, org.id, target.Id)
          : undefined;
      }
      case 'ResponsibilityTransferArn':
      case 'NamedTransferType':
      case 'NamedTransferDirection': {
        const id = text(input, 'Id');
        const seen = id === undefined ? undefined : await this.core.transferSeenBy(org, id);
        if (!seen) return undefined;
        if (name === 'ResponsibilityTransferArn') return seen.arn;
        return name === 'NamedTransferType' ? seen.row.type : seen.direction.toUpperCase();
      }
      case 'ResourcePolicyId':
        return (await this.core.q.resourcePolicy(this.core.db, org.id))?.id;
      default:
        return undefined;
    }
  }

  private orgOf(input: Input, principal: Principal): Promise<OrganizationRow | undefined> {
    let org = this.#orgs.get(input);
    if (org === undefined) {
      org = this.core.q.organizationOfAccount(this.core.db, principal.accountId).then((found) => found?.org);
      this.#orgs.set(input, org);
    }
    return org;
  }

  private async policy(org: OrganizationRow, policyId: string | undefined) {
    return policyId === undefined ? undefined : await this.core.hooks.policyFacts(this.core.facts(org), policyId);
  }

  private async targetArn(org: OrganizationRow, id: string | undefined): Promise<string | undefined> {
    return id === undefined ? undefined : (await this.organizations.target(org.id, id))?.arn;
  }

  private async parentArn(org: OrganizationRow, id: string | undefined): Promise<string | undefined> {
    return id === undefined ? undefined : (await this.core.parent(org, id))?.arn;
  }

  private async handshakeArn(id: string | undefined): Promise<string | undefined> {
    const row = id === undefined ? undefined : await this.core.q.handshake(this.core.db, id);
    const org = row && (await this.core.q.organization(this.core.db, row.organization_id));
    return row && org ? arns.handshake(org.management_account_id, org.id, row.action, row.id) : undefined;
  }
}

/** A non-empty string member of the input, else undefined. */
function text(input: Input, member: string): string | undefined {
  const v = input[member];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
