import { keysetPages, type Page, type PageRequest } from '../../lib/keyset-pages.js';
import { iamErrors } from './errors.js';

// How IAM lists page: MaxItems (default 100) and an opaque Marker; a Marker that is not ours (or from another list)
// is ValidationError. Long lists page by keyset in SQL; the short ones AWS caps (a role's policies, an entity's
// tags, the account alias) page in memory with the same Markers.

export const iamPages = keysetPages(100, () => iamErrors.invalidMarker());

/** A page of an already sorted list, continuing after the key the Marker carries. */
export function inMemoryPage<T>(scope: string, sorted: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const cursor = iamPages.pageCursor(scope, request);
  const after = cursor.after;
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  return iamPages.toPage(scope, rest.slice(0, cursor.limit + 1), cursor.limit, keyOf, (item) => item);
}
