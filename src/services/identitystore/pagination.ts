import { keysetPages } from '../../lib/keyset-pages.js';
import { idsErrors } from './errors.js';

export type { Page, PageRequest } from '../../lib/keyset-pages.js';

/** Identity store pages: MaxResults 1..100, default 100, keyed by id; a bad token is a ValidationException. */
export const { pageCursor, toPage } = keysetPages(100, () => idsErrors.invalidNextToken());
