import { clientAllows, GRANT_DEVICE_CODE } from '../core.js';
import { oidcErrors } from '../errors.js';
import type { Grant } from './grant.js';

// urn:ietf:params:oauth:grant-type:device_code (RFC 8628 3.4): the CLI polls with its device code until the user
// has approved it on the device page; the code is then exchanged once.
export const deviceCodeGrant: Grant = {
  grantType: GRANT_DEVICE_CODE,
  async createToken({ core, tokens, devices }, client, request) {
    if (!clientAllows(client, GRANT_DEVICE_CODE)) throw oidcErrors.unauthorizedClient('The client is not registered for the device code grant.');
    if (!request.deviceCode) throw oidcErrors.invalidRequest('deviceCode is required for this grant type.');
    const row = await devices.approvedForPoll(client, request.deviceCode);
    return core.deps.store.transaction(async (trx) => {
      // two polls at once after the approval: only the one that moves it to used gets tokens
      if (!(await core.q.moveDevice(trx, row.device_code_hash, 'approved', 'used'))) throw oidcErrors.invalidGrant('Invalid device code provided');
      const subject = { instanceArn: row.instance_arn, identityStoreId: row.identity_store_id, userId: row.user_id ?? '' };
      return tokens.issue(trx, client, subject, client.scopes);
    });
  },
};
