import type { CsrfVariables } from './csrf.js';

/** The Hono environment every page sees: the form token of the request (csrf.ts). */
export type WebEnv = { Variables: CsrfVariables };
