import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/database.js';
import type { Database } from '../../store/schema.js';
import { ssoErrors } from './errors.js';
import type { IdentityDirectory, OrgTrustedAccess, SsoIamRoles } from './ports.js';
import { SsoAdminStore, type InstanceRow } from './store.js';

// What the parts of sso-admin share: the store, the clock, Organizations, and the question every operation with an
// InstanceArn starts with (is this an instance the caller's account owns).

type Db = Kysely<Database>;

export interface SsoAdminDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly organizations: OrgTrustedAccess;
  /** The roles provisioning makes in accounts. */
  readonly iam: SsoIamRoles;
  /** The identity store's users and groups (assignment principals). A getter: identitystore is built after sso-admin. */
  readonly identities: () => IdentityDirectory;
  /** Asks the job runner to look for due jobs at this time (epoch ms), after the enqueueing transaction commits. */
  readonly wakeJobsAt: (at: number) => void;
}

export const MAX_TAGS_PER_RESOURCE = 50;

export class SsoCore {
  readonly q = new SsoAdminStore();
  readonly store: Store;
  readonly clock: Clock;
  readonly organizations: OrgTrustedAccess;
  readonly iam: SsoIamRoles;
  readonly identities: () => IdentityDirectory;
  readonly wakeJobsAt: (at: number) => void;

  constructor(deps: SsoAdminDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.organizations = deps.organizations;
    this.iam = deps.iam;
    this.identities = deps.identities;
    this.wakeJobsAt = deps.wakeJobsAt;
  }

  get db(): Db {
    return this.store.db;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /** The instance, when the caller's account owns it: ResourceNotFoundException when it does not exist,
   * AccessDeniedException when another account owns it. */
  async ownedInstance(principal: Principal, instanceArn: string, db: Db = this.db): Promise<InstanceRow> {
    const instance = await this.q.instance(db, instanceArn);
    if (!instance) throw ssoErrors.instanceNotFound();
    if (instance.owner_account_id !== principal.accountId) throw ssoErrors.accessDenied();
    return instance;
  }

  /** Checks a request's tags on their own: unique keys, no reserved aws: keys. */
  checkTags(tags: readonly { readonly Key: string; readonly Value: string }[]): void {
    const keys = new Set<string>();
    for (const tag of tags) {
      if (tag.Key.toLowerCase().startsWith('aws:')) throw ssoErrors.validation(`The tag key ${tag.Key} uses the reserved prefix aws:.`);
      if (keys.has(tag.Key)) throw ssoErrors.validation(`The tag key ${tag.Key} is duplicated in the request.`);
      keys.add(tag.Key);
    }
    if (keys.size > MAX_TAGS_PER_RESOURCE) throw ssoErrors.quota(`A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
  }

  /** Adds or overwrites tags, keeping the resource within 50. */
  async putTags(db: Db, instanceArn: string, resourceArn: string, tags: readonly { readonly Key: string; readonly Value: string }[]): Promise<void> {
    this.checkTags(tags);
    if (tags.length === 0) return;
    const keys = new Set([...(await this.q.tags(db, resourceArn)).map((t) => t.key), ...tags.map((t) => t.Key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) throw ssoErrors.quota(`A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
    await this.q.putTags(db, instanceArn, resourceArn, tags);
  }
}
