import { keysetPages } from '../../lib/keyset-pages.js';
import { portalErrors } from './errors.js';

export type { Page, PageRequest } from '../../lib/keyset-pages.js';

/** Portal pages: max_result 1..100, default 20; a token from another list (or user) is an InvalidRequestException. */
export const { pageCursor, toPage, toPageAsync } = keysetPages(20, () => portalErrors.invalidNextToken());
