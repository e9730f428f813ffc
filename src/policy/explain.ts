import type { DecisionKind, LayerName } from './types.js';

// AWS's AccessDenied sentences (IAM User Guide, "Troubleshooting access denied error messages"):
//   User: <arn> is not authorized to perform: <action> on resource: <resource> with an explicit deny in a <type>
//   User: <arn> is not authorized to perform: <action> on resource: <resource> because no <type> allows the <action> action

const POLICY_TYPE: Readonly<Record<LayerName, string>> = {
  scp: 'service control policy',
  resource: 'resource-based policy',
  trust: 'role trust policy',
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

/** The article AWS puts before each policy type in the explicit-deny sentence. */
const EXPLICIT_ARTICLE: Readonly<Record<LayerName, string>> = {
  scp: 'a',
  resource: 'a',
  trust: 'the',
  identity: 'an',
  boundary: 'a',
  session: 'a',
};

/** The layer as AWS names the policy type: "service control policy", "permissions boundary", ... */
export function policyTypeName(layer: LayerName): string {
  return POLICY_TYPE[layer];
}

export function denialMessage(
  principalArn: string,
  action: string,
  resource: string,
  kind: Exclude<DecisionKind, 'Allow'>,
  layer: LayerName,
): string {
  const head = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  return kind === 'ExplicitDeny'
    ? `${head} with an explicit deny in ${EXPLICIT_ARTICLE[layer]} ${POLICY_TYPE[layer]}`
    : `${head} because no ${POLICY_TYPE[layer]} allows the ${action} action`;
}
