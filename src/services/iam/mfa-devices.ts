import { ServiceError } from '../../aws/errors.js';
import { partition } from '../../lib/arn.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { Store } from '../../store/database.js';
import type { IamMfaDeviceRow, IamUserRow } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from '../sso-portal/sign-in/totp.js';
import { EntitiesStore } from './entities-store.js';
import { inMemoryPage } from './pages.js';

// Virtual MFA devices of IAM users: CreateVirtualMFADevice makes one in the account with a new TOTP seed (RFC 6238,
// the portal's own implementation), sealed at rest; EnableMFADevice assigns it to a user on two consecutive codes;
// STS checks codes against the user's enabled device (verify), never accepting a code for a time step at or before
// the last accepted one (a conditional update, so two replicas cannot both accept it).

/** AWS's quota of MFA devices per user. */
const devicesPerUser = 8;
/** Steps back EnableMFADevice looks for the two codes (AWS accepts codes a few minutes old when enabling). */
const enableWindowSteps = 10;

const errors = {
  noSuchDevice: (serial: string) => new ServiceError('NoSuchEntityException', `VirtualMFADevice with serial number ${serial} doesn't exist.`),
  deviceExists: () => new ServiceError('EntityAlreadyExistsException', 'MFADevice entity at the same path and name already exists.'),
  inUse: () => new ServiceError('EntityAlreadyExistsException', 'MFA Device is already in use.'),
  notEnabledFor: (user: string) => new ServiceError('NoSuchEntityException', `MFA Device not found for user ${user}.`),
  stillInUse: () => new ServiceError('DeleteConflictException', 'MFA Device is still in use.'),
  invalidCodes: () => new ServiceError('InvalidAuthenticationCodeException', 'Authentication code for device is not valid.'),
  quota: () => new ServiceError('LimitExceededException', `Cannot exceed quota for MFADevicesPerUser: ${devicesPerUser}`),
} as const;

export interface NewDevice {
  readonly serialNumber: string;
  /** The seed as base32 text (what an authenticator app is given). */
  readonly seed: string;
  /** The otpauth:// URI the QR code holds. */
  readonly otpauthUri: string;
}

export interface DeviceView {
  readonly serialNumber: string;
  readonly user?: IamUserRow;
  readonly enabledAt?: number;
}

export class MfaDevices {
  /** The users devices are assigned to. */
  private readonly entities: EntitiesStore;

  constructor(
    private readonly store: Store,
    private readonly sealer: SecretBox,
  ) {
    this.entities = new EntitiesStore(store.db);
  }

  async create(accountId: string, name: string, path: string, now: number): Promise<NewDevice> {
    const serialNumber = `arn:${partition}:iam::${accountId}:mfa${path}${name}`;
    const seed = newTotpSecret();
    try {
      await this.store.db
        .insertInto('iam_mfa_devices')
        .values({ serial_number: serialNumber, account_id: accountId, name, path, seed: this.sealer.seal(seed), created_at: now, user_id: null, enabled_at: null, last_step: null })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw errors.deviceExists();
      throw error;
    }
    return { serialNumber, seed, otpauthUri: otpauthUri('Amazon Web Services', `${name}@${accountId}`, seed) };
  }

  /** EnableMFADevice: two codes of consecutive time steps, recent; the device unassigned; the user under quota. */
  async enable(user: IamUserRow, serialNumber: string, code1: string, code2: string, now: number): Promise<void> {
    await this.store.transaction(async (trx) => {
      const device = await this.device(user.account_id, serialNumber, trx);
      if (device.user_id !== null) throw errors.inUse();
      const count = await trx.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', user.id).executeTakeFirstOrThrow();
      if (Number(count.n) >= devicesPerUser) throw errors.quota();
      const seed = this.sealer.open(device.seed);
      const current = totpStep(now);
      let matched: number | undefined;
      for (let step = current - enableWindowSteps; step <= current; step++) {
        if (totpCode(seed, step) === code1 && totpCode(seed, step + 1) === code2) matched = step + 1;
      }
      if (matched === undefined) throw errors.invalidCodes();
      const updated = await trx
        .updateTable('iam_mfa_devices')
        .set({ user_id: user.id, enabled_at: now, last_step: matched })
        .where('serial_number', '=', serialNumber)
        .where('user_id', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw errors.inUse();
    });
  }

  /** DeactivateMFADevice: the device stays, unassigned, for EnableMFADevice again (or deletion). */
  async deactivate(user: IamUserRow, serialNumber: string): Promise<void> {
    const updated = await this.store.db
      .updateTable('iam_mfa_devices')
      .set({ user_id: null, enabled_at: null, last_step: null })
      .where('serial_number', '=', serialNumber)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.notEnabledFor(user.name);
  }

  async delete(accountId: string, serialNumber: string): Promise<void> {
    const device = await this.device(accountId, serialNumber, this.store.db);
    if (device.user_id !== null) throw errors.stillInUse();
    await this.store.db.deleteFrom('iam_mfa_devices').where('serial_number', '=', serialNumber).where('user_id', 'is', null).execute();
  }

  /** ListMFADevices: the user's enabled devices. */
  async ofUser(user: IamUserRow, request: PageRequest): Promise<Page<DeviceView>> {
    const rows = await this.store.db.selectFrom('iam_mfa_devices').selectAll().where('user_id', '=', user.id).orderBy('serial_number').execute();
    return inMemoryPage(`iam:ListMFADevices:${user.id}`, rows.map((r) => ({ serialNumber: r.serial_number, user, enabledAt: Number(r.enabled_at) })), (d) => d.serialNumber, request);
  }

  /** ListVirtualMFADevices: the account's devices, Assigned, Unassigned or Any. */
  async ofAccount(accountId: string, status: 'Assigned' | 'Unassigned' | 'Any', request: PageRequest): Promise<Page<DeviceView>> {
    let query = this.store.db
      .selectFrom('iam_mfa_devices')
      .selectAll()
      .where('account_id', '=', accountId);
    if (status === 'Assigned') query = query.where('user_id', 'is not', null);
    if (status === 'Unassigned') query = query.where('user_id', 'is', null);
    const rows = await query.orderBy('serial_number').execute();
    const ids = rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id]));
    const users = new Map((await this.entities.byIds('iam_users', ids)).map((u) => [u.id, u]));
    const views = rows.map((r) => deviceView(r, r.user_id === null ? undefined : users.get(r.user_id)));
    return inMemoryPage(`iam:ListVirtualMFADevices:${accountId}:${status}`, views, (d) => d.serialNumber, request);
  }

  /** GetMFADevice: a device of the account (with its user when assigned). */
  async get(accountId: string, serialNumber: string): Promise<DeviceView> {
    const device = await this.device(accountId, serialNumber, this.store.db);
    return deviceView(device, device.user_id === null ? undefined : await this.entities.byId('iam_users', device.user_id));
  }

  /**
   * STS's check: `code` is the current code of `serialNumber`, enabled for the IAM user `userId`, for a time step
   * after the last one accepted. True at most once per step, whichever replica is asked.
   */
  async verify(userId: string, serialNumber: string, code: string, now: number): Promise<boolean> {
    const device = await this.store.db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).where('user_id', '=', userId).executeTakeFirst();
    if (!device) return false;
    const lastStep = device.last_step === null ? null : Number(device.last_step);
    const step = matchTotp(this.sealer.open(device.seed), code, now, lastStep);
    if (step === undefined) return false;
    const updated = await this.store.db
      .updateTable('iam_mfa_devices')
      .set({ last_step: step })
      .where('serial_number', '=', serialNumber)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  private async device(accountId: string, serialNumber: string, db: Store['db']): Promise<IamMfaDeviceRow> {
    const device = await db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).where('account_id', '=', accountId).executeTakeFirst();
    if (!device) throw errors.noSuchDevice(serialNumber);
    return device;
  }
}

/** A device with its user when it is assigned (the foreign key keeps an assigned device's user in place). */
function deviceView(row: IamMfaDeviceRow, user: IamUserRow | undefined): DeviceView {
  return { serialNumber: row.serial_number, ...(user ? { user, enabledAt: Number(row.enabled_at) } : {}) };
}
