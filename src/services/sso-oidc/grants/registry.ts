import { authorizationCodeGrant } from './authorization-code.js';
import { deviceCodeGrant } from './device-code.js';
import type { Grant } from './grant.js';
import { refreshTokenGrant } from './refresh-token.js';

/** CreateToken's grant types, by the name the request gives. */
export const grants: ReadonlyMap<string, Grant> = new Map([deviceCodeGrant, refreshTokenGrant, authorizationCodeGrant].map((g) => [g.grantType, g]));
