import { randomBytes } from 'node:crypto';
import { newLowerId } from '../../lib/ids.js';
import { partition } from '../../lib/arn.js';

// Organizations identifiers and ARNs, in AWS's formats. Every ARN names the management account of the organization,
// never the caller's account.

export const newOrganizationId = (): string => `o-${newLowerId(10)}`;
export const newRootId = (): string => `r-${newLowerId(4)}`;
/** ou-<the root's 4 characters>-<8>, as AWS forms OU ids from the root's. */
export const newOrganizationalUnitId = (rootId: string): string => `ou-${rootId.slice(2)}-${newLowerId(8)}`;
export const newCreateAccountRequestId = (): string => `car-${randomBytes(16).toString('hex')}`;
export const newHandshakeId = (): string => `h-${newLowerId(10)}`;
export const newResourcePolicyId = (): string => `rp-${newLowerId(8)}`;
export const newTransferId = (): string => `rt-${newLowerId(10)}`;

const prefix = (managementAccountId: string) => `arn:${partition}:organizations::${managementAccountId}`;

export const arns = {
  organization: (mgmt: string, org: string) => `${prefix(mgmt)}:organization/${org}`,
  root: (mgmt: string, org: string, root: string) => `${prefix(mgmt)}:root/${org}/${root}`,
  ou: (mgmt: string, org: string, ou: string) => `${prefix(mgmt)}:ou/${org}/${ou}`,
  account: (mgmt: string, org: string, account: string) => `${prefix(mgmt)}:account/${org}/${account}`,
  handshake: (mgmt: string, org: string, action: string, id: string) => `${prefix(mgmt)}:handshake/${org}/${action.toLowerCase()}/${id}`,
  resourcePolicy: (mgmt: string, org: string, id: string) => `${prefix(mgmt)}:resourcepolicy/${org}/${id}`,
  transfer: (mgmt: string, org: string, type: string, direction: 'inbound' | 'outbound', id: string) =>
    `${prefix(mgmt)}:transfer/${org}/${type.toLowerCase()}/${direction}/${id}`,
} as const;

export type ResourceKind = 'root' | 'ou' | 'account' | 'policy' | 'resourcepolicy' | 'transfer';

/** What kind of resource an id names, by its form (TaggableResourceId and friends). */
export function resourceKind(id: string): ResourceKind | undefined {
  if (/^\d{12}$/.test(id)) return 'account';
  if (id.startsWith('r-')) return 'root';
  if (id.startsWith('ou-')) return 'ou';
  if (id.startsWith('rp-')) return 'resourcepolicy';
  if (id.startsWith('rt-')) return 'transfer';
  if (id.startsWith('p-')) return 'policy';
  return undefined;
}
