import { randomBytes } from 'node:crypto';
import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import { systemClock } from '../lib/clock.js';
import { createSecretBox } from '../lib/secret-box.js';
import { IamDomain } from '../services/iam/domain.js';
import { openDatabase } from '../store/database.js';
import { createServices } from './services.js';

// docs/coverage.md is rendered from the service definitions themselves (scripts/write-coverage.mjs), and a test
// fails when the committed file differs, so it is true at every commit.

/** The coverage page of the services as the server wires them (over a throwaway in-memory store). */
export async function renderCoverage(): Promise<string> {
  const store = await openDatabase(':memory:');
  try {
    const iam = new IamDomain(store, createSecretBox(randomBytes(32)), systemClock);
    const services = createServices({ store, iam, clock: systemClock, accountCreationDelayMs: 0, wakeJobsAt: () => {} });
    return coverageMarkdown(services.definitions);
  } finally {
    await store.close();
  }
}

const notes: Readonly<Record<string, string>> = {
  organizations:
    'Every operation: the organization and its OU tree, accounts (CreateAccount and CloseAccount as durable jobs, with the access role made through IAM), invitations and the all-features handshakes, delegated administrators, trusted access, the resource policy, tags, responsibility transfers and policies. Management-only operations refuse member accounts; lists page with keyset NextTokens.',
  'sso-admin':
    'Instances (the organization instance the management account creates, with trusted access for sso.amazonaws.com turned on; ssoins-/d- ids as AWS), permission sets with AWS managed policies, customer managed policy references, inline policy, permissions boundary and tags (DeletePermissionSet refuses while provisioned). Account assignments for USER and GROUP principals of the identity store on the organization\'s accounts, as durable jobs with request ids and IN_PROGRESS / SUCCEEDED / FAILED statuses (Describe / List with a Status filter), ListAccountAssignments, ListAccountAssignmentsForPrincipal (AccountId filter). Provisioning: the first assignment makes the role AWSReservedSSO_<name>_<16 hex> under /aws-reserved/sso.amazonaws.com/ trusting the account\'s AWSSSO_<16 hex>_DO_NOT_DELETE SAML provider, with the managed policies, AwsSSOInlinePolicy, the boundary and the session duration; customer managed policies must exist in the account (IAM has no CreatePolicy yet, so a reference fails provisioning with AWS\'s 404 reason); the last assignment removes the role; ProvisionPermissionSet (one account or all provisioned) with its statuses; ListPermissionSetsProvisionedToAccount and ListAccountsForProvisionedPermissionSet with ProvisioningStatus. Attribute-based access control: one configuration per instance (Create / Describe / Update / Delete; ENABLED at once; keys mapped to ${path:...} identity-store attributes as the IAM Identity Center User Guide lists them), whose values become the session tags of a user\'s sign-in. DeleteInstance deletes the instance\'s permission sets, assignments, provisioned roles, identity store users, groups and memberships and settings (trusted access stays on, as on AWS). Applications, trusted token issuers and regions are not yet.',
  identitystore:
    'Every operation: users with every attribute of the model (UserName unique case-insensitively; UpdateUser AttributeOperations, extensions on request), groups (DisplayName unique), memberships (one per group and member, removed with their user or group), GetUserId / GetGroupId by userName, emails.value and displayName (ExternalId finds nothing: the built-in directory has no external ids), ListUsers / ListGroups filters, keyset NextTokens. The store must belong to the caller\'s account (sso-admin\'s instance); users have no password yet.',
  sso: 'The access portal API (bearer token, unsigned); lands with the sign-in issue.',
  'sso-oidc': 'Device and PKCE sign-in (unsigned); lands with the sign-in issue.',
  sts: 'GetCallerIdentity answers for root, IAM users and sessions; the credential-issuing operations land with the sign-in issue.',
  iam: 'The read API over roles, scoped to the caller\'s account: GetRole, ListRoles (PathPrefix; Marker / MaxItems paging, default 100), ListRolePolicies, GetRolePolicy and ListAttachedRolePolicies (PathPrefix), with policy documents URL-encoded as IAM returns them; ListRoleTags (roles carry no tags yet). The account calls tools make first: ListAccountAliases (none), GetAccountPasswordPolicy (NoSuchEntity: no password policy), GetAccountSummary (Roles and root access keys counted, other quotas at AWS\'s defaults). Roles are made internally (OrganizationAccountAccessRole by CreateAccount); accounts, root users and access keys exist for bootstrap and SigV4.',
};

export function coverageMarkdown(services: readonly ServiceDefinition[]): string {
  const lines = [
    '# Coverage: operations implemented per service',
    '',
    'Generated from the service definitions by `npm run coverage`; a test fails when this file is stale.',
    'Every operation of every model below is routed, authenticated (SigV4, unless the model marks it unsigned),',
    'validated against the model and mapped to its IAM action; an operation not implemented yet answers',
    '`NotImplementedException` (HTTP 501) naming it.',
    '',
    '| service | protocol | model version | implemented |',
    '|---|---|---|---|',
  ];
  for (const s of services) {
    const all = Object.keys(s.model.operations);
    const done = all.filter((op) => s.handlers[op]);
    lines.push(`| ${s.id} | ${s.model.metadata.protocol} | ${s.model.metadata.apiVersion} | ${done.length} / ${all.length} |`);
  }
  for (const s of services) {
    const all = Object.keys(s.model.operations).sort();
    const done = all.filter((op) => s.handlers[op]);
    const missing = all.filter((op) => !s.handlers[op]);
    lines.push('', `## ${s.id}`, '', notes[s.id] ?? '', '');
    lines.push(`Implemented (${done.length}): ${done.length ? done.join(', ') : 'none yet'}.`, '');
    lines.push(`Not yet (${missing.length}): ${missing.length ? missing.join(', ') : 'none'}.`);
  }
  return lines.join('\n') + '\n';
}
