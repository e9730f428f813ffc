import { keysetPages } from '../../lib/keyset-pages.js';
import { ssoErrors } from './errors.js';

export type { Page, PageRequest } from '../../lib/keyset-pages.js';

/** sso-admin pages: MaxResults 1..100, default 100; a token from another list is a ValidationException. */
export const { pageCursor, toPage, joinKey, splitKey } = keysetPages(100, () => ssoErrors.invalidNextToken());
