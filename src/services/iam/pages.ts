import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { keysetPages, type Page, type PageRequest } from '../../lib/keyset-pages.js';
import { iamErrors } from './errors.js';

// How IAM lists page: MaxItems (default 100) and an opaque Marker; a Marker that is not ours (or from another list)
// is ValidationError. Long lists (entities) page by keyset on lower(name) in SQL; the short ones AWS caps (a role's
// policies, an entity's tags, access keys, the account alias) page in memory with the same Markers.

export const iamPages = keysetPages(100, () => iamErrors.invalidMarker());

/** A page of an already sorted list, continuing after the key the Marker carries. */
export function inMemoryPage<T>(scope: string, sorted: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const cursor = iamPages.pageCursor(scope, request);
  const after = cursor.after;
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  return iamPages.toPage(scope, rest.slice(0, cursor.limit + 1), cursor.limit, keyOf, (item) => item);
}

/**
 * PathPrefix as IAM applies it: the entity's path starts with the prefix ("/" or none: every path). substr rather
 * than LIKE: paths may contain % and _, which LIKE would read as wildcards.
 */
export function pathStartsWith(column: string, prefix: string | undefined): RawBuilder<SqlBool> {
  if (prefix === undefined || prefix === '/') return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}
