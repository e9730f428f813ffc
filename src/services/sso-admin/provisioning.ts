import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { SsoCore } from './core.js';
import { sessionSeconds } from './permission-sets.js';
import { identityCenterMetadata } from './saml-idp.js';
import type { InstanceRow, PermissionSetRow } from './store.js';

// A permission set provisioned into an account, as AWS does it: the IAM role AWSReservedSSO_<name>_<16 hex> under
// /aws-reserved/sso.amazonaws.com/, trusting the account's Identity Center SAML provider (made when missing),
// carrying the permission set's AWS managed policies, customer managed policies (which must exist in the account),
// inline policy (AwsSSOInlinePolicy), permissions boundary and session duration. Runs inside the job's transaction.

type Db = Kysely<Database>;

export const ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
export const INLINE_POLICY_NAME = 'AwsSSOInlinePolicy';

/** Provisioning could not be done for a reason the request's FailureReason reports (not retried). */
export class ProvisioningFailure extends Error {}

const hex16 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The role's name: the suffix is stable per permission set and account, so re-provisioning finds the same role. */
export const roleNameFor = (permissionSet: { readonly name: string; readonly arn: string }, accountId: string): string =>
  `AWSReservedSSO_${permissionSet.name}_${hex16(`${permissionSet.arn}|${accountId}`)}`;

/** The SAML provider Identity Center keeps in each account of its instance. */
export const samlProviderName = (instanceArn: string): string => `AWSSSO_${hex16(instanceArn)}_DO_NOT_DELETE`;
export const samlProviderArn = (instanceArn: string, accountId: string): string =>
  `arn:aws:iam::${accountId}:saml-provider/${samlProviderName(instanceArn)}`;

/** The trust policy as AWS writes it on AWSReservedSSO_ roles. */
export function trustPolicy(instanceArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: samlProviderArn(instanceArn, accountId) },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      },
    ],
  });
}

const customerPolicyArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:policy${path}${name}`;

export class Provisioner {
  constructor(private readonly core: SsoCore) {}

  /** Creates the role or brings it up to the permission set's current version; ProvisioningFailure when a
   * customer managed policy it names does not exist in the account. */
  async apply(db: Db, instance: InstanceRow, ps: PermissionSetRow, accountId: string): Promise<void> {
    const { core } = this;
    const attached: string[] = (await core.q.managedPolicies(db, ps.arn, undefined, 10_000)).map((m) => m.policy_arn);
    for (const ref of await core.q.customerPolicies(db, ps.arn, undefined, 10_000)) {
      const arn = customerPolicyArn(accountId, ref.path, ref.name);
      if (!(await core.iam.managedPolicyExists(accountId, arn, db))) throw missingPolicy(ref.name, ref.path, accountId);
      attached.push(arn);
    }
    let boundary: string | null = null;
    if (ps.permissions_boundary !== null) {
      const b = JSON.parse(ps.permissions_boundary) as { managedPolicyArn?: string; customer?: { name: string; path?: string } };
      if (b.managedPolicyArn !== undefined) boundary = b.managedPolicyArn;
      else if (b.customer) {
        const path = b.customer.path ?? '/';
        boundary = customerPolicyArn(accountId, path, b.customer.name);
        if (!(await core.iam.managedPolicyExists(accountId, boundary, db))) throw missingPolicy(b.customer.name, path, accountId);
      }
    }
    const inlinePolicies: Record<string, string> = ps.inline_policy !== null ? { [INLINE_POLICY_NAME]: ps.inline_policy } : {};
    const maxSessionDuration = sessionSeconds(ps.session_duration) ?? 3600;
    const trust = trustPolicy(instance.arn, accountId);

    // the account's SAML provider the role trusts, made with the account's first role (kept when roles go, as AWS)
    await core.iam.ensureSamlProvider(db, { accountId, name: samlProviderName(instance.arn), metadataDocument: identityCenterMetadata(instance) });
    const existing = await core.q.provisioned(db, ps.arn, accountId);
    const roleName = existing?.role_name ?? roleNameFor(ps, accountId);
    if (await core.iam.role(accountId, roleName, db)) {
      await core.iam.updateRole(db, accountId, roleName, { trustPolicy: trust, maxSessionDuration, permissionsBoundary: boundary });
      await core.iam.replaceRolePolicies(db, accountId, roleName, { attachedPolicyArns: attached, inlinePolicies });
    } else {
      await core.iam.createRole(db, {
        accountId,
        name: roleName,
        path: ROLE_PATH,
        trustPolicy: trust,
        maxSessionDuration,
        attachedPolicyArns: attached,
        inlinePolicies,
        ...(boundary !== null ? { permissionsBoundary: boundary } : {}),
      });
    }
    await core.q.putProvisioned(db, {
      permission_set_arn: ps.arn,
      account_id: accountId,
      instance_arn: instance.arn,
      role_name: roleName,
      outdated: 0,
      provisioned_at: core.now(),
    });
  }

  /** The permission set leaves the account: its role goes. */
  async remove(db: Db, ps: PermissionSetRow, accountId: string): Promise<void> {
    const existing = await this.core.q.provisioned(db, ps.arn, accountId);
    if (!existing) return;
    await this.core.iam.deleteRole(db, accountId, existing.role_name);
    await this.core.q.deleteProvisioned(db, ps.arn, accountId);
  }
}

/** AWS's reason when a referenced customer managed policy is missing in the target account. */
const missingPolicy = (name: string, path: string, accountId: string): ProvisioningFailure =>
  new ProvisioningFailure(`Received a 404 status error: Policy ${path}${name} does not exist in the target account ${accountId}.`);
