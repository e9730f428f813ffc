import { keysetPages } from '../../lib/keyset-pages.js';
import { orgErrors } from './errors.js';

export type { Page, PageRequest } from '../../lib/keyset-pages.js';

/** Organizations pages: MaxResults 1..20, default 20; a bad NextToken is InvalidInputException INVALID_NEXT_TOKEN. */
export const { pageCursor, toPage, toPageAsync, joinKey, splitKey } = keysetPages(20, () => orgErrors.invalidNextToken());
