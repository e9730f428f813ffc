import type { PolicyType } from '../../../aws/api/organizations.js';

// What each policy type of the model allows: AWS's quotas ("Quotas for AWS Organizations", "Managing organization
// policies") and how the type behaves. Keyed by the generated PolicyType union, so a model update that adds a type
// does not compile until the type is described here.

export type { PolicyType };

/** Authorization policies (SCP, RCP) filter permissions and have no effective-policy view; management policies
 * merge down the tree with inheritance operators into an effective policy per account. */
export type PolicyKind = 'authorization' | 'management';

export interface PolicyTypeRules {
  readonly kind: PolicyKind;
  /** Characters of the document, every character counted (white space too, as AWS counts what the API is sent). */
  readonly maxContentLength: number;
  /** Policies of the type attached to one root, OU or account. */
  readonly maxPerTarget: number;
  /** Policies of the type a target must keep (SCPs: one; detaching the last is refused). */
  readonly minPerTarget: number;
  /** Policies of the type in one organization, AWS-managed ones included. */
  readonly maxPolicies: number;
  /** The service whose trusted access (EnableAWSServiceAccess) the type needs before it can be enabled. */
  readonly servicePrincipal?: string;
}

const management = (maxContentLength: number, maxPerTarget: number): PolicyTypeRules => ({
  kind: 'management',
  maxContentLength,
  maxPerTarget,
  minPerTarget: 0,
  maxPolicies: 1000,
});

// Where the AWS documentation gives no figure for a newer type (Inspector, upgrade rollout, Bedrock, S3, network
// security director) it gets the figures of the other management types: 10,000 characters, 10 per target.
export const POLICY_TYPES: Readonly<Record<PolicyType, PolicyTypeRules>> = {
  SERVICE_CONTROL_POLICY: { kind: 'authorization', maxContentLength: 5120, maxPerTarget: 5, minPerTarget: 1, maxPolicies: 10_000 },
  RESOURCE_CONTROL_POLICY: { kind: 'authorization', maxContentLength: 5120, maxPerTarget: 5, minPerTarget: 1, maxPolicies: 1000 },
  TAG_POLICY: management(10_000, 10),
  BACKUP_POLICY: management(10_000, 10),
  AISERVICES_OPT_OUT_POLICY: management(2500, 5),
  CHATBOT_POLICY: management(10_000, 10),
  DECLARATIVE_POLICY_EC2: management(10_000, 10),
  SECURITYHUB_POLICY: { ...management(10_000, 10), servicePrincipal: 'securityhub.amazonaws.com' },
  INSPECTOR_POLICY: { ...management(10_000, 10), servicePrincipal: 'inspector2.amazonaws.com' },
  UPGRADE_ROLLOUT_POLICY: management(10_000, 10),
  BEDROCK_POLICY: management(10_000, 10),
  S3_POLICY: management(10_000, 10),
  NETWORK_SECURITY_DIRECTOR_POLICY: management(10_000, 10),
};

export const POLICY_TYPE_NAMES: readonly PolicyType[] = Object.keys(POLICY_TYPES) as PolicyType[];

export function isPolicyType(value: string): value is PolicyType {
  return Object.hasOwn(POLICY_TYPES, value);
}

export function policyTypeRules(type: PolicyType): PolicyTypeRules {
  return POLICY_TYPES[type];
}

/** The policy types that need trusted access for `servicePrincipal` (DisableAWSServiceAccess refuses while one of
 * them is enabled: ConstraintViolationException POLICY_TYPE_ENABLED_FOR_THIS_SERVICE). */
export function policyTypesNeedingService(servicePrincipal: string): readonly PolicyType[] {
  return POLICY_TYPE_NAMES.filter((t) => POLICY_TYPES[t].servicePrincipal === servicePrincipal);
}

/** The type as it appears in policy ARNs: service_control_policy. */
export function policyTypePath(type: PolicyType): string {
  return type.toLowerCase();
}
