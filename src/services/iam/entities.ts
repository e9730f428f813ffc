import type { Kysely, Selectable } from 'kysely';
import { partition } from '../../lib/arn.js';
import type { Database } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { entityErrors, type EntityKind } from './entity-errors.js';
import type { EntitiesStore, EntityName } from './entities-store.js';

// What users and groups share: their table, their ARN (arn:aws:iam::<account>:user<path><name>), lookups by name
// that answer NoSuchEntity, names unique per account case-insensitively (EntityAlreadyExists), renames and moves.

export const entityTables = { user: 'iam_users', group: 'iam_groups' } as const;
type EntityRow<K extends EntityKind> = Selectable<Database[(typeof entityTables)[K]]>;

export function entityArn(kind: EntityKind, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:${kind}${path}${name}`;
}

/** The caller's user or group by name (case-insensitive), or NoSuchEntity as IAM words it. */
export async function findEntity<K extends EntityKind>(
  entities: EntitiesStore,
  kind: K,
  accountId: string,
  name: string,
  db?: Kysely<Database>,
): Promise<EntityRow<K>> {
  const row = await entities.byName(entityTables[kind], accountId, name, db);
  if (!row) throw entityErrors.noSuchEntity(kind, name);
  return row as EntityRow<K>;
}

/** Runs an insert or rename, answering EntityAlreadyExists when the account has the name already. */
export async function uniquelyNamed<T>(kind: EntityKind, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw entityErrors.entityExists(kind, name);
    throw error;
  }
}

/**
 * Renames and/or moves an entity inside the caller's transaction (UpdateUser, UpdateGroup); its id stays, so its
 * memberships, policies, tags and keys follow. Another entity of the new name (case-insensitively) is
 * EntityAlreadyExists; a change of case alone is allowed.
 */
export async function renameEntity(
  entities: EntitiesStore,
  db: Kysely<Database>,
  kind: EntityKind,
  row: { readonly id: string; readonly account_id: string; readonly name: string; readonly path: string },
  change: { readonly newName?: string | undefined; readonly newPath?: string | undefined },
): Promise<EntityName> {
  const name = change.newName ?? row.name;
  const path = change.newPath ?? row.path;
  if (name.toLowerCase() !== row.name.toLowerCase() && (await entities.byName(entityTables[kind], row.account_id, name, db))) {
    throw entityErrors.entityExists(kind, name);
  }
  const to = { name, path, arn: entityArn(kind, row.account_id, path, name) };
  await uniquelyNamed(kind, name, () => entities.rename(entityTables[kind], row.id, to, db));
  return to;
}
