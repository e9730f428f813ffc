// A small in-memory Organizations core for testing the policies part in-process: it implements OrgDirectory the way
// ports.ts describes it and calls the PolicyHooks the way the core does (inside a transaction of the same store).

import type { Kysely } from 'kysely';
import type { Principal } from '../../src/aws/auth/principal.js';
import { ServiceError } from '../../src/aws/errors.js';
import type { OperationContext } from '../../src/aws/protocol/operation-context.js';
import type { Store } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import type { OrganizationFacts, OrgDirectory, OrgTag, OrgTarget, PolicyHooks } from '../../src/services/organizations/ports.js';

interface Node {
  readonly target: OrgTarget;
  parent: string | undefined;
}

interface Org {
  readonly facts: OrganizationFacts;
  readonly nodes: Map<string, Node>;
}

let counter = 0;
const digits = (n: number) => String(100000000000 + n).slice(-12);

export function principal(accountId: string): Principal {
  return { type: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
}

export function ctx(accountId: string): OperationContext {
  return {
    requestId: 'test',
    principal: principal(accountId),
    region: 'us-east-1',
    origin: 'http://127.0.0.1',
    now: new Date(),
    log: undefined as never,
  };
}

export class FakeDirectory implements OrgDirectory {
  readonly orgs = new Map<string, Org>();
  readonly tags = new Map<string, readonly OrgTag[]>();
  readonly serviceAccess = new Set<string>();
  hooks!: PolicyHooks;

  constructor(private readonly store: Store) {}

  /** A new organization with its root and management account, announced to the hooks as the core does. */
  async createOrganization(featureSet: 'ALL' | 'CONSOLIDATED_BILLING' = 'ALL'): Promise<OrganizationFacts & { readonly managementAccountId: string }> {
    const n = ++counter;
    const id = `o-${String(n).padStart(10, 'a')}`;
    const management = digits(n * 1000);
    const rootId = `r-${String(n).padStart(4, 'r')}`;
    const facts: OrganizationFacts = {
      id,
      arn: `arn:aws:organizations::${management}:organization/${id}`,
      featureSet,
      managementAccountId: management,
      rootId,
    };
    const org: Org = { facts, nodes: new Map() };
    this.orgs.set(id, org);
    await this.add(org, { type: 'ROOT', id: rootId, arn: `arn:aws:organizations::${management}:root/${id}/${rootId}`, name: 'Root' }, undefined);
    await this.add(org, this.accountTarget(facts, management, 'management'), rootId);
    return facts;
  }

  async createOu(organizationId: string, parentId: string, name: string): Promise<OrgTarget> {
    const org = this.org(organizationId);
    const id = `ou-${org.facts.rootId.slice(2)}-${String(++counter).padStart(8, '0')}`;
    const target: OrgTarget = { type: 'ORGANIZATIONAL_UNIT', id, arn: `arn:aws:organizations::${org.facts.managementAccountId}:ou/${org.facts.id}/${id}`, name };
    await this.add(org, target, parentId);
    return target;
  }

  async createAccount(organizationId: string, parentId: string, name: string): Promise<OrgTarget> {
    const org = this.org(organizationId);
    const target = this.accountTarget(org.facts, digits(++counter * 7 + 500000), name);
    await this.add(org, target, parentId);
    return target;
  }

  async removeTarget(organizationId: string, id: string): Promise<void> {
    this.org(organizationId).nodes.delete(id);
    await this.store.transaction((trx) => this.hooks.targetRemoved(trx, organizationId, id));
  }

  async deleteOrganization(organizationId: string): Promise<void> {
    this.orgs.delete(organizationId);
    await this.store.transaction((trx) => this.hooks.organizationDeleted(trx, organizationId));
  }

  rename(organizationId: string, id: string, name: string): void {
    const node = this.org(organizationId).nodes.get(id)!;
    (node as { target: OrgTarget }).target = { ...node.target, name };
  }

  // -- OrgDirectory ----------------------------------------------------------------------------------------------

  async organizationOf(p: Principal): Promise<OrganizationFacts> {
    for (const org of this.orgs.values()) if (org.nodes.has(p.accountId)) return org.facts;
    throw new ServiceError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }

  requireManagement(p: Principal, organization: OrganizationFacts): void {
    if (p.accountId !== organization.managementAccountId) {
      throw new ServiceError('AccessDeniedException', "You don't have permissions to access this resource.");
    }
  }

  async target(organizationId: string, id: string): Promise<OrgTarget | undefined> {
    return this.orgs.get(organizationId)?.nodes.get(id)?.target;
  }

  async path(organizationId: string, id: string): Promise<readonly OrgTarget[]> {
    const org = this.org(organizationId);
    const out: OrgTarget[] = [];
    for (let node = org.nodes.get(id); node; node = node.parent ? org.nodes.get(node.parent) : undefined) out.unshift(node.target);
    return out;
  }

  async putTags(_db: Kysely<Database>, organizationId: string, resourceId: string, tags: readonly OrgTag[]): Promise<void> {
    if (tags.some((t) => t.Key.startsWith('aws:'))) throw new ServiceError('InvalidInputException', 'aws: keys are reserved', { fields: { Reason: 'INVALID_SYSTEM_TAGS_PARAMETER' } });
    this.tags.set(`${organizationId}/${resourceId}`, tags);
  }

  async deleteTags(_db: Kysely<Database>, organizationId: string, resourceId: string): Promise<void> {
    this.tags.delete(`${organizationId}/${resourceId}`);
  }

  async serviceAccessEnabled(organizationId: string, servicePrincipal: string): Promise<boolean> {
    return this.serviceAccess.has(`${organizationId}/${servicePrincipal}`);
  }

  // -- internals -------------------------------------------------------------------------------------------------

  private org(id: string): Org {
    const org = this.orgs.get(id);
    if (!org) throw new Error(`no organization ${id}`);
    return org;
  }

  private accountTarget(facts: OrganizationFacts, id: string, name: string): OrgTarget {
    return { type: 'ACCOUNT', id, arn: `arn:aws:organizations::${facts.managementAccountId}:account/${facts.id}/${id}`, name };
  }

  private async add(org: Org, target: OrgTarget, parent: string | undefined): Promise<void> {
    org.nodes.set(target.id, { target, parent });
    await this.store.transaction((trx) => this.hooks.targetCreated(trx, org.facts, target));
  }
}
