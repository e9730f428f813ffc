import type { CreateAccountStatus, Organization, OrganizationalUnit, Root } from '../aws/api/organizations.js';
import type { Principal } from '../aws/auth/principal.js';
import type { OperationContext } from '../aws/protocol/operation-context.js';
import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import { newRequestId } from '../lib/ids.js';
import type { Logger } from '../lib/log.js';

// The first seed tutorial's organization, built on a new server so that `npm start` shows something real: the
// management account, OUs Workloads (Development, QA, Production), Shared (Security), Sandbox (Workshops,
// Experiments) and Marketplace (one account). Built through the Organizations operations themselves, as the
// management account's root, so it is exactly what a user could have made with the AWS CLI.

export const demoStructure: Readonly<Record<string, readonly string[]>> = {
  Workloads: ['Development', 'QA', 'Production'],
  Shared: ['Security'],
  Sandbox: ['Workshops', 'Experiments'],
  Marketplace: ['Marketplace'],
};

export interface DemoOrganization {
  readonly organizationId: string;
  readonly accounts: Readonly<Record<string, string>>;
}

export async function buildDemoOrganization(organizations: ServiceDefinition, root: Principal, log: Logger): Promise<DemoOrganization> {
  const call = async <O>(operation: string, input: object): Promise<O> => {
    const handler = organizations.handlers[operation];
    if (!handler) throw new Error(`organizations:${operation} is not available`);
    const ctx: OperationContext = { requestId: newRequestId(), principal: root, region: 'us-east-1', origin: '', now: new Date(), log };
    return (await handler(input as never, ctx)) as O;
  };

  const { Organization } = await call<{ Organization: Organization }>('CreateOrganization', { FeatureSet: 'ALL' });
  const rootId = (await call<{ Roots: Root[] }>('ListRoots', {})).Roots[0]!.Id!;
  const accounts: Record<string, string> = {};
  for (const [ouName, accountNames] of Object.entries(demoStructure)) {
    const ou = (await call<{ OrganizationalUnit: OrganizationalUnit }>('CreateOrganizationalUnit', { ParentId: rootId, Name: ouName }))
      .OrganizationalUnit;
    for (const name of accountNames) {
      let status = (
        await call<{ CreateAccountStatus: CreateAccountStatus }>('CreateAccount', {
          AccountName: name,
          Email: `${name.toLowerCase()}@demo.gatehouse.local`,
        })
      ).CreateAccountStatus;
      while (status.State === 'IN_PROGRESS') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (
          await call<{ CreateAccountStatus: CreateAccountStatus }>('DescribeCreateAccountStatus', { CreateAccountRequestId: status.Id })
        ).CreateAccountStatus;
      }
      if (status.State !== 'SUCCEEDED') throw new Error(`the demo account ${name} was not created: ${status.FailureReason ?? status.State}`);
      await call('MoveAccount', { AccountId: status.AccountId, SourceParentId: rootId, DestinationParentId: ou.Id });
      accounts[name] = status.AccountId!;
    }
  }
  return { organizationId: Organization.Id!, accounts };
}
