import type { Clock } from '../../lib/clock.js';
import { hashPassword } from '../../lib/password-hash.js';
import type { IamUserRow } from '../../store/schema.js';
import type { AccountSettings } from './account-settings.js';
import type { EntitiesStore } from './entities-store.js';
import { entityErrors } from './entity-errors.js';
import { checkPassword } from './password-policy.js';

// A user's console password (its "login profile"): a scrypt hash on the user's row, never the password, with
// whether the user must change it at next sign-in. New passwords must conform to the account password policy.

export interface LoginProfile {
  readonly userName: string;
  readonly createdAt: number;
  readonly passwordResetRequired: boolean;
}

export class LoginProfiles {
  constructor(private readonly deps: { readonly clock: Clock; readonly entities: EntitiesStore; readonly settings: AccountSettings }) {}

  async create(user: IamUserRow, password: string, passwordResetRequired: boolean): Promise<LoginProfile> {
    if (user.password_hash !== null) throw entityErrors.loginProfileExists(user.name);
    checkPassword(await this.deps.settings.passwordPolicy(user.account_id), password);
    const createdAt = this.deps.clock.now().getTime();
    const hash = await hashPassword(password);
    await this.deps.entities.updateUser(user.id, { password_hash: hash, password_reset_required: passwordResetRequired ? 1 : 0, password_created_at: createdAt });
    return { userName: user.name, createdAt, passwordResetRequired };
  }

  get(user: IamUserRow): LoginProfile {
    if (user.password_hash === null) throw entityErrors.noSuchLoginProfile(user.name);
    return { userName: user.name, createdAt: Number(user.password_created_at), passwordResetRequired: Number(user.password_reset_required) === 1 };
  }

  /** A new password (checked against the policy) and/or whether a reset is required; absent fields stay. */
  async update(user: IamUserRow, change: { readonly password?: string | undefined; readonly passwordResetRequired?: boolean | undefined }): Promise<void> {
    this.get(user);
    if (change.password !== undefined) checkPassword(await this.deps.settings.passwordPolicy(user.account_id), change.password);
    await this.deps.entities.updateUser(user.id, {
      ...(change.password !== undefined ? { password_hash: await hashPassword(change.password) } : {}),
      ...(change.passwordResetRequired !== undefined ? { password_reset_required: change.passwordResetRequired ? 1 : 0 } : {}),
    });
  }

  async delete(user: IamUserRow): Promise<void> {
    this.get(user);
    await this.deps.entities.updateUser(user.id, { password_hash: null, password_reset_required: null, password_created_at: null });
  }
}
