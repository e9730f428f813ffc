import { decodePageToken, encodePageToken } from './page-token.js';

// Keyset pagination as AWS list operations do it: MaxResults bounded by the model, an opaque NextToken naming the
// list and the last key returned. Queries ask for one row more than the page to learn whether a next page exists,
// so a page is one index range scan whatever its depth. Each service makes one with its page size and its error
// for a bad token (Organizations: InvalidInputException INVALID_NEXT_TOKEN; sso-admin, identitystore:
// ValidationException).

export interface PageRequest {
  readonly maxResults?: number | undefined;
  readonly nextToken?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface Cursor {
  readonly limit: number;
  /** The key to continue after; undefined on the first page. */
  readonly after: string | undefined;
}

export interface KeysetPages {
  /** The page size and the key to continue after; a malformed, forged or foreign token throws the service's error. */
  pageCursor(scope: string, request: PageRequest): Cursor;
  /** Cuts `rows` (fetched with limit + 1) to the page and mints the token for the next one when there is more. */
  toPage<R, T>(scope: string, rows: readonly R[], limit: number, keyOf: (row: R) => string, map: (row: R) => T): Page<T>;
  /** toPage for rows that need an asynchronous mapping (e.g. one batch lookup for the whole page). */
  toPageAsync<R, T>(
    scope: string,
    rows: readonly R[],
    limit: number,
    keyOf: (row: R) => string,
    map: (rows: readonly R[]) => Promise<readonly T[]>,
  ): Promise<Page<T>>;
  /** Composite keys (e.g. time then id) as one key string; the parts never contain '|'. */
  joinKey(...parts: readonly (string | number)[]): string;
  splitKey(key: string, parts: number): string[];
}

export function keysetPages(defaultPageSize: number, invalidToken: () => Error): KeysetPages {
  const page = <R>(scope: string, rows: readonly R[], limit: number, keyOf: (row: R) => string) => {
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const last = pageRows.at(-1);
    return { pageRows, nextToken: more && last !== undefined ? encodePageToken(scope, keyOf(last)) : undefined };
  };
  return {
    pageCursor(scope, request) {
      const limit = request.maxResults ?? defaultPageSize;
      if (request.nextToken === undefined) return { limit, after: undefined };
      const after = decodePageToken(scope, request.nextToken);
      if (after === undefined) throw invalidToken();
      return { limit, after };
    },
    toPage(scope, rows, limit, keyOf, map) {
      const { pageRows, nextToken } = page(scope, rows, limit, keyOf);
      const items = pageRows.map(map);
      return nextToken === undefined ? { items } : { items, nextToken };
    },
    async toPageAsync(scope, rows, limit, keyOf, map) {
      const { pageRows, nextToken } = page(scope, rows, limit, keyOf);
      const items = await map(pageRows);
      return nextToken === undefined ? { items } : { items, nextToken };
    },
    joinKey: (...parts) => parts.join('|'),
    splitKey(key, parts) {
      const out = key.split('|');
      if (out.length !== parts) throw invalidToken();
      return out;
    },
  };
}
