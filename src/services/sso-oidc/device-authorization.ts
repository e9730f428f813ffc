import { sha256Hex } from '../../aws/auth/hash.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { clientAllows, GRANT_DEVICE_CODE, type Client, type OidcCore } from './core.js';
import { oidcErrors } from './errors.js';
import { newDeviceCode, newUserCode, normalizeUserCode } from './ids.js';
import type { PortalSession } from './ports.js';
import type { DeviceRow } from './store.js';

// The device authorization grant (RFC 8628) that `aws sso login` uses: StartDeviceAuthorization hands the CLI a
// device code to poll CreateToken with and a user code to confirm on the device page (<server>/device), where a
// signed-in user approves or denies it through this domain. The code lives 600 seconds, as on AWS. The polling
// interval is 1 second (AWS says 1 too, and a local server has no reason to make people wait); a poll sooner than
// the interval (less a 200 ms allowance for timers) answers SlowDownException.

export const DEVICE_CODE_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 1;
const POLL_ALLOWANCE_MS = 200;
/** Expired rows are kept a day (a late poll still hears ExpiredTokenException), then purged. */
export const PURGE_AFTER_MS = 24 * 3600_000;

export interface DeviceAuthorizationStarted {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresIn: number;
  readonly interval: number;
}

/** A device authorization as the device page shows it. */
export interface DeviceRequest {
  readonly userCode: string;
  readonly clientName: string;
  readonly scopes: readonly string[];
  readonly startUrl: string;
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly status: 'pending' | 'approved' | 'denied' | 'used' | 'expired';
  /** Epoch ms. */
  readonly expiresAt: number;
}

export type DeviceDecision =
  | { readonly ok: true; readonly status: 'approved' | 'denied' }
  | {
      readonly ok: false;
      /** not-found: no such code; expired: too late; decided: already approved or denied; wrong-instance: the code
       * belongs to another instance's start URL; session-expired: the portal session has ended. */
      readonly reason: 'not-found' | 'expired' | 'decided' | 'wrong-instance' | 'session-expired';
      readonly message: string;
    };

export class DeviceAuthorizations {
  constructor(private readonly core: OidcCore) {}

  async start(client: Client, startUrl: string, origin: string): Promise<DeviceAuthorizationStarted> {
    const { core } = this;
    if (!clientAllows(client, GRANT_DEVICE_CODE)) throw oidcErrors.unauthorizedClient('The client is not registered for the device code grant.');
    const instance = await core.deps.instances.forStartUrl(startUrl);
    if (!instance) throw oidcErrors.invalidRequest('Invalid start URL: it names no IAM Identity Center instance of this server.');
    const now = core.now();
    await core.q.purgeExpired(core.db, now - PURGE_AFTER_MS);
    const deviceCode = newDeviceCode();
    for (let attempt = 0; ; attempt++) {
      const userCode = newUserCode();
      try {
        await core.q.insertDevice(core.db, {
          device_code_hash: sha256Hex(deviceCode),
          user_code: userCode,
          client_id: client.clientId,
          instance_arn: instance.instanceArn,
          identity_store_id: instance.identityStoreId,
          start_url: startUrl,
          status: 'pending',
          user_id: null,
          interval_seconds: POLL_INTERVAL_SECONDS,
          last_polled_at: null,
          created_at: now,
          expires_at: now + DEVICE_CODE_SECONDS * 1000,
        });
      } catch (error) {
        // a user code already handed out (1 in 2.5e10 per live code): draw another
        if (isUniqueViolation(error) && attempt < 5) continue;
        throw error;
      }
      return {
        deviceCode,
        userCode,
        verificationUri: `${origin}/device`,
        verificationUriComplete: `${origin}/device?user_code=${encodeURIComponent(userCode)}`,
        expiresIn: DEVICE_CODE_SECONDS,
        interval: POLL_INTERVAL_SECONDS,
      };
    }
  }

  /** The device code's row for the polling client; InvalidGrantException when it is not this client's. Throws the
   * answers of a poll that gets no tokens (pending, slow down, expired, denied, already used). */
  async approvedForPoll(client: Client, deviceCode: string): Promise<DeviceRow> {
    const { core } = this;
    const hash = sha256Hex(deviceCode);
    const row = await core.q.device(core.db, hash);
    if (!row || row.client_id !== client.clientId || row.status === 'used') throw oidcErrors.invalidGrant('Invalid device code provided');
    const now = core.now();
    if (Number(row.expires_at) <= now) throw oidcErrors.expiredToken();
    if (row.status === 'denied') throw oidcErrors.accessDenied('The user denied the authorization request');
    if (row.status === 'pending') {
      const last = row.last_polled_at === null ? undefined : Number(row.last_polled_at);
      await core.q.notePoll(core.db, hash, now);
      if (last !== undefined && now - last < row.interval_seconds * 1000 - POLL_ALLOWANCE_MS) throw oidcErrors.slowDown();
      throw oidcErrors.authorizationPending();
    }
    return row;
  }

  // ---- the device page

  async byUserCode(typed: string): Promise<DeviceRequest | undefined> {
    const userCode = normalizeUserCode(typed);
    if (!userCode) return undefined;
    const row = await this.core.q.deviceByUserCode(this.core.db, userCode);
    if (!row) return undefined;
    const client = await this.core.q.client(this.core.db, row.client_id);
    const expired = Number(row.expires_at) <= this.core.now() && row.status === 'pending';
    return {
      userCode: row.user_code,
      clientName: client?.name ?? '',
      scopes: client ? (JSON.parse(client.scopes) as string[]) : [],
      startUrl: row.start_url,
      instanceArn: row.instance_arn,
      identityStoreId: row.identity_store_id,
      status: expired ? 'expired' : row.status,
      expiresAt: Number(row.expires_at),
    };
  }

  async decide(typed: string, session: PortalSession, decision: 'approved' | 'denied'): Promise<DeviceDecision> {
    const { core } = this;
    const now = core.now();
    if (session.expiresAt <= now) return { ok: false, reason: 'session-expired', message: 'Your session has ended. Sign in again.' };
    const userCode = normalizeUserCode(typed);
    const row = userCode ? await core.q.deviceByUserCode(core.db, userCode) : undefined;
    if (!row) return { ok: false, reason: 'not-found', message: 'The code is not valid. Check it and try again.' };
    if (row.instance_arn !== session.instanceArn) {
      return { ok: false, reason: 'wrong-instance', message: 'The code was issued for another IAM Identity Center instance.' };
    }
    if (Number(row.expires_at) <= now) return { ok: false, reason: 'expired', message: 'The code has expired. Start the sign-in again on your device.' };
    if (!(await core.q.moveDevice(core.db, row.device_code_hash, 'pending', decision, session.userId))) {
      return { ok: false, reason: 'decided', message: 'This request has already been answered.' };
    }
    core.deps.log.info({ identityStoreId: session.identityStoreId, userName: session.userName, clientId: row.client_id, decision }, 'sso-oidc: device authorization');
    return { ok: true, status: decision };
  }
}
