import { partition } from '../../../lib/arn.js';
import type { PolicyType } from './policy-types.js';

// The AWS-managed policies of Organizations. Each exists in every organization under the same id and ARN, cannot be
// changed or deleted, and is attached to the root, every OU and every account while its type is enabled (and to every
// OU and account that joins meanwhile).

export interface ManagedPolicy {
  readonly id: string;
  readonly type: PolicyType;
  readonly name: string;
  readonly description: string;
  readonly content: string;
  /** RCPFullAWSAccess cannot be detached (InvalidInputException NON_DETACHABLE_POLICY); FullAWSAccess can. */
  readonly detachable: boolean;
}

const document = (statement: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);

export const FULL_AWS_ACCESS: ManagedPolicy = {
  id: 'p-FullAWSAccess',
  type: 'SERVICE_CONTROL_POLICY',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  content: document({ Effect: 'Allow', Action: '*', Resource: '*' }),
  detachable: true,
};

export const RCP_FULL_AWS_ACCESS: ManagedPolicy = {
  id: 'p-RCPFullAWSAccess',
  type: 'RESOURCE_CONTROL_POLICY',
  name: 'RCPFullAWSAccess',
  description: 'Allows access to every resource',
  content: document({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
  detachable: false,
};

export const MANAGED_POLICIES: readonly ManagedPolicy[] = [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS];

/** The AWS-managed policy attached everywhere while `type` is enabled, if the type has one. */
export function defaultPolicyOf(type: PolicyType): ManagedPolicy | undefined {
  return MANAGED_POLICIES.find((p) => p.type === type);
}

export function managedPolicy(id: string): ManagedPolicy | undefined {
  return MANAGED_POLICIES.find((p) => p.id === id);
}

/** arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess: no account, no organization. */
export function managedPolicyArn(policy: ManagedPolicy): string {
  return `arn:${partition}:organizations::aws:policy/${policy.type.toLowerCase()}/${policy.id}`;
}
