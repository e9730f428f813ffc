import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import { orgErrors } from './errors.js';

// Keyset pagination as Organizations does it: MaxResults 1..20 (the model validates the range), an opaque NextToken
// that names the list and the last key returned. Queries ask for one row more than the page to learn whether a next
// page exists, so a page is one index range scan.

export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** The page size and the key to continue after (undefined on the first page); a bad token throws INVALID_NEXT_TOKEN. */
export function pageCursor(scope: string, request: PageRequest): { readonly limit: number; readonly after: string | undefined } {
  const limit = request.maxResults ?? DEFAULT_PAGE_SIZE;
  if (request.nextToken === undefined) return { limit, after: undefined };
  const after = decodePageToken(scope, request.nextToken);
  if (after === undefined) throw orgErrors.invalidNextToken();
  return { limit, after };
}

/** Cuts `rows` (fetched with limit + 1) to the page and mints the token for the next one when there is more. */
export function toPage<R, T>(scope: string, rows: readonly R[], limit: number, keyOf: (row: R) => string, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const items = pageRows.map(map);
  const last = pageRows.at(-1);
  return more && last !== undefined ? { items, nextToken: encodePageToken(scope, keyOf(last)) } : { items };
}

/** Same as toPage for rows that need an asynchronous mapping (e.g. a batch lookup for the whole page). */
export async function toPageAsync<R, T>(
  scope: string,
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => string,
  map: (rows: readonly R[]) => Promise<readonly T[]>,
): Promise<Page<T>> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const items = await map(pageRows);
  const last = pageRows.at(-1);
  return more && last !== undefined ? { items, nextToken: encodePageToken(scope, keyOf(last)) } : { items };
}

/** Composite keys (e.g. time then id) as one token string; the parts never contain the separator. */
export const joinKey = (...parts: readonly (string | number)[]): string => parts.join('|');
export function splitKey(key: string, parts: number): string[] {
  const out = key.split('|');
  if (out.length !== parts) throw orgErrors.invalidNextToken();
  return out;
}
