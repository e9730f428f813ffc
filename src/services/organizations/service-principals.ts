// The AWS services that integrate with Organizations through trusted access (EnableAWSServiceAccess), and those of
// them that accept a delegated administrator (RegisterDelegatedAdministrator), after the "AWS services that you can
// use with AWS Organizations" table of the Organizations User Guide. Anything else is UNRECOGNIZED_SERVICE_PRINCIPAL.

const trusted = [
  'access-analyzer.amazonaws.com',
  'account.amazonaws.com',
  'auditmanager.amazonaws.com',
  'aws-artifact-account-sync.amazonaws.com',
  'backup.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'compute-optimizer.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'controltower.amazonaws.com',
  'cost-optimization-hub.bcm.amazonaws.com',
  'detective.amazonaws.com',
  'devops-guru.amazonaws.com',
  'ds.amazonaws.com',
  'fms.amazonaws.com',
  'guardduty.amazonaws.com',
  'health.amazonaws.com',
  'iam.amazonaws.com',
  'inspector2.amazonaws.com',
  'ipam.amazonaws.com',
  'license-manager.amazonaws.com',
  'license-manager.member-account.amazonaws.com',
  'macie.amazonaws.com',
  'ram.amazonaws.com',
  'reachabilityanalyzer.networkinsights.amazonaws.com',
  'securityhub.amazonaws.com',
  'securitylake.amazonaws.com',
  'servicecatalog.amazonaws.com',
  'servicequotas.amazonaws.com',
  'ssm.amazonaws.com',
  'ssm-quicksetup.amazonaws.com',
  'sso.amazonaws.com',
  'storage-lens.s3.amazonaws.com',
  'tagpolicies.tag.amazonaws.com',
  'wellarchitected.amazonaws.com',
] as const;

const delegable = [
  'access-analyzer.amazonaws.com',
  'account.amazonaws.com',
  'auditmanager.amazonaws.com',
  'backup.amazonaws.com',
  'member.org.stacksets.cloudformation.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'compute-optimizer.amazonaws.com',
  'config.amazonaws.com',
  'config-multiaccountsetup.amazonaws.com',
  'cost-optimization-hub.bcm.amazonaws.com',
  'detective.amazonaws.com',
  'devops-guru.amazonaws.com',
  'fms.amazonaws.com',
  'guardduty.amazonaws.com',
  'health.amazonaws.com',
  'inspector2.amazonaws.com',
  'ipam.amazonaws.com',
  'license-manager.amazonaws.com',
  'macie.amazonaws.com',
  'securityhub.amazonaws.com',
  'securitylake.amazonaws.com',
  'servicecatalog.amazonaws.com',
  'ssm.amazonaws.com',
  'sso.amazonaws.com',
  'storage-lens.s3.amazonaws.com',
  'wellarchitected.amazonaws.com',
] as const;

/** Services that take exactly one delegated administrator per organization. */
const singleAdministrator = [
  'detective.amazonaws.com',
  'fms.amazonaws.com',
  'guardduty.amazonaws.com',
  'inspector2.amazonaws.com',
  'macie.amazonaws.com',
  'securityhub.amazonaws.com',
  'sso.amazonaws.com',
] as const;

/** The organization policy type a service's trusted access is a prerequisite of (disable the type first). */
const policyTypeOfService: Readonly<Record<string, string>> = {
  'securityhub.amazonaws.com': 'SECURITYHUB_POLICY',
  'inspector2.amazonaws.com': 'INSPECTOR_POLICY',
};

const trustedSet: ReadonlySet<string> = new Set(trusted);
const delegableSet: ReadonlySet<string> = new Set(delegable);
const singleSet: ReadonlySet<string> = new Set(singleAdministrator);

export const isTrustedService = (principal: string): boolean => trustedSet.has(principal);
export const acceptsDelegatedAdministrator = (principal: string): boolean => delegableSet.has(principal);
export const takesOneDelegatedAdministrator = (principal: string): boolean => singleSet.has(principal);
export const policyTypeRequiringService = (principal: string): string | undefined => policyTypeOfService[principal];
