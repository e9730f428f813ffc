// The names AWS gives service-linked roles (CreateServiceLinkedRole), per service principal: each service chooses its
// own (AWSServiceRoleFor<something>), so they are listed, not derived. Services whose role name is not listed here
// leave the name unresolved (the authorize step then evaluates the call against '*').

const roleNames: Readonly<Record<string, string>> = {
  'access-analyzer.amazonaws.com': 'AWSServiceRoleForAccessAnalyzer',
  'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
  'cloudtrail.amazonaws.com': 'AWSServiceRoleForCloudTrail',
  'config.amazonaws.com': 'AWSServiceRoleForConfig',
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
  'elasticloadbalancing.amazonaws.com': 'AWSServiceRoleForElasticLoadBalancing',
  'guardduty.amazonaws.com': 'AWSServiceRoleForAmazonGuardDuty',
  'organizations.amazonaws.com': 'AWSServiceRoleForOrganizations',
  'rds.amazonaws.com': 'AWSServiceRoleForRDS',
  'securityhub.amazonaws.com': 'AWSServiceRoleForSecurityHub',
  'sso.amazonaws.com': 'AWSServiceRoleForSSO',
  'support.amazonaws.com': 'AWSServiceRoleForSupport',
  'trustedadvisor.amazonaws.com': 'AWSServiceRoleForTrustedAdvisor',
};

/** The role name the service's service-linked role gets; a CustomSuffix is appended after an underscore. */
export function serviceLinkedRoleName(serviceName: string, customSuffix?: string): string | undefined {
  const base = Object.hasOwn(roleNames, serviceName) ? roleNames[serviceName] : undefined;
  if (base === undefined) return undefined;
  return customSuffix ? `${base}_${customSuffix}` : base;
}
