import type { Principal } from '../../aws/auth/principal.js';
import type { SsoAccessControlAttributesTable } from '../../store/schema.js';
import type { SsoCore } from './core.js';
import { ssoErrors } from './errors.js';
import type { UserAttributes } from './ports.js';

// Attribute-based access control (ABAC): an instance maps session tag keys to attributes of identity-store users
// (`${path:name.givenName}`, `${path:enterprise.department}`, ...). When a user signs in to an account, each
// attribute the user has a value for becomes a session tag on the role session, seen by policies as
// aws:PrincipalTag/<key>. One configuration per instance. AWS answers Create with the status CREATION_IN_PROGRESS
// for a moment; gatehouse applies it at once, so Describe always reads ENABLED (a documented difference that no
// client can tell from a fast AWS).

export interface AccessControlAttribute {
  readonly key: string;
  /** `${path:...}`: the identity-store attribute the tag's value comes from. */
  readonly source: string;
}

export interface AccessControlView {
  readonly status: SsoAccessControlAttributesTable['status'];
  readonly statusReason: string | undefined;
  readonly attributes: readonly AccessControlAttribute[];
}

/** AWS allows 50 attributes (the session tag limit); a tag value is at most 256 characters. */
export const MAX_ACCESS_CONTROL_ATTRIBUTES = 50;
const MAX_TAG_VALUE = 256;

// The identity-store attributes AWS documents as sources for ABAC ("Supported external identity provider
// attributes" in the IAM Identity Center User Guide), compared case-insensitively, filters as written there.
const WORK_ADDRESS = ['streetAddress', 'locality', 'region', 'postalCode', 'country', 'formatted'] as const;
const ENTERPRISE = ['employeeNumber', 'costCenter', 'organization', 'division', 'department'] as const;

type Resolver = (user: UserAttributes) => unknown;

const enterprise = (user: UserAttributes): Readonly<Record<string, unknown>> | undefined => {
  const entry = Object.entries(user.extensions ?? {}).find(([name]) => name.toLowerCase() === 'aws:identitystore:enterprise');
  return entry?.[1];
};
/** A field of a record, its name compared case-insensitively (extension documents keep the caller's spelling). */
const field = (record: unknown, name: string): unknown => {
  if (typeof record !== 'object' || record === null) return undefined;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (record as Record<string, unknown>)[key];
};
const workEntry = <T extends { readonly type?: string }>(values: readonly T[] | undefined): T | undefined => values?.find((v) => v.type?.toLowerCase() === 'work');

const SOURCES: ReadonlyMap<string, Resolver> = new Map<string, Resolver>([
  ['username', (u) => u.userName],
  ['name.familyname', (u) => u.name?.familyName],
  ['name.givenname', (u) => u.name?.givenName],
  ['displayname', (u) => u.displayName],
  ['nickname', (u) => u.nickName],
  ['emails[primary eq true].value', (u) => u.emails?.find((e) => e.primary === true)?.value],
  ...WORK_ADDRESS.map((f): [string, Resolver] => [`addresses[type eq "work"].${f.toLowerCase()}`, (u) => workEntry(u.addresses)?.[f]]),
  ['phonenumbers[type eq "work"].value', (u) => workEntry(u.phoneNumbers)?.value],
  ['usertype', (u) => u.userType],
  ['title', (u) => u.title],
  ['locale', (u) => u.locale],
  ['timezone', (u) => u.timezone],
  ...ENTERPRISE.map((f): [string, Resolver] => [`enterprise.${f.toLowerCase()}`, (u) => field(enterprise(u), f)]),
  ['enterprise.manager.value', (u) => field(field(enterprise(u), 'manager'), 'value')],
]);

/** The resolver a `${path:...}` source names, after folding case and the spacing inside a filter. */
function resolverOf(source: string): Resolver | undefined {
  const match = /^\$\{path:(.+)\}$/.exec(source.trim());
  if (!match) return undefined;
  const path = match[1]!
    .trim()
    .replace(/\s*\[\s*(\w+)\s+eq\s+("[^"]*"|\w+)\s*\]\s*/gi, (_all, attr: string, value: string) => `[${attr} eq ${value}]`)
    .toLowerCase();
  return SOURCES.get(path);
}

/** Refuses what AWS refuses: duplicate keys, reserved aws: keys, too many attributes, a source that is no supported path. */
export function checkAccessControlAttributes(attributes: readonly AccessControlAttribute[]): void {
  if (attributes.length > MAX_ACCESS_CONTROL_ATTRIBUTES) {
    throw ssoErrors.validation(`An access control attribute configuration can have at most ${MAX_ACCESS_CONTROL_ATTRIBUTES} attributes.`);
  }
  const keys = new Set<string>();
  for (const { key, source } of attributes) {
    // session tag keys are unique case-insensitively, as STS compares them
    if (keys.has(key.toLowerCase())) throw ssoErrors.validation(`The attribute key ${key} is duplicated in the configuration.`);
    keys.add(key.toLowerCase());
    if (key.toLowerCase().startsWith('aws:')) throw ssoErrors.validation(`The attribute key ${key} uses the reserved prefix aws:.`);
    if (!resolverOf(source)) {
      throw ssoErrors.validation(
        `The attribute source ${source} for key ${key} is not supported: use \${path:<attribute>} with an identity store attribute such as \${path:userName}, \${path:name.givenName}, \${path:emails[primary eq true].value} or \${path:enterprise.department}.`,
      );
    }
  }
}

/**
 * The session tags a user's sign-in carries: tag key -> the user's value of its source. Attributes the user has no
 * value for are left out (AWS passes no tag for them); values are cut to the 256 characters a session tag holds.
 */
export function sessionTags(attributes: readonly AccessControlAttribute[], user: UserAttributes): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const { key, source } of attributes) {
    const value = resolverOf(source)?.(user);
    if (typeof value === 'string' && value.length > 0) tags[key] = value.slice(0, MAX_TAG_VALUE);
  }
  return tags;
}

export class AccessControlDomain {
  constructor(private readonly core: SsoCore) {}

  async create(principal: Principal, instanceArn: string, attributes: readonly AccessControlAttribute[]): Promise<void> {
    const { core } = this;
    checkAccessControlAttributes(attributes);
    await core.store.transaction(async (trx) => {
      await core.ownedInstance(principal, instanceArn, trx);
      if (await core.q.accessControl(trx, instanceArn)) {
        throw ssoErrors.conflict('An attribute-based access control configuration already exists for this instance.');
      }
      const now = core.now();
      await core.q.insertAccessControl(trx, {
        instance_arn: instanceArn,
        attributes: JSON.stringify(attributes),
        status: 'ENABLED',
        status_reason: null,
        created_at: now,
        updated_at: now,
      });
    });
  }

  async describe(principal: Principal, instanceArn: string): Promise<AccessControlView> {
    await this.core.ownedInstance(principal, instanceArn);
    const row = await this.core.q.accessControl(this.core.db, instanceArn);
    if (!row) throw notConfigured();
    return { status: row.status, statusReason: row.status_reason ?? undefined, attributes: JSON.parse(row.attributes) as AccessControlAttribute[] };
  }

  /** Replaces the attributes (AWS's Update takes the whole list). */
  async update(principal: Principal, instanceArn: string, attributes: readonly AccessControlAttribute[]): Promise<void> {
    const { core } = this;
    checkAccessControlAttributes(attributes);
    await core.store.transaction(async (trx) => {
      await core.ownedInstance(principal, instanceArn, trx);
      if (!(await core.q.updateAccessControl(trx, instanceArn, JSON.stringify(attributes), core.now()))) throw notConfigured();
    });
  }

  async delete(principal: Principal, instanceArn: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      await core.ownedInstance(principal, instanceArn, trx);
      if (!(await core.q.deleteAccessControl(trx, instanceArn))) throw notConfigured();
    });
  }

  /** For sign-in: the session tags of one identity-store user of the instance (none without a configuration). */
  async sessionTagsFor(instanceArn: string, userId: string): Promise<Record<string, string>> {
    const { core } = this;
    const instance = await core.q.instance(core.db, instanceArn);
    const row = instance && (await core.q.accessControl(core.db, instanceArn));
    if (!instance || !row || row.status !== 'ENABLED') return {};
    const user = await core.identities().user(instance.identity_store_id, userId);
    if (!user) return {};
    return sessionTags(JSON.parse(row.attributes) as AccessControlAttribute[], user.attributes);
  }
}

const notConfigured = () => ssoErrors.notFound('No attribute-based access control configuration exists for this instance.');
