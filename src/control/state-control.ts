import type { Store } from '../store/database.js';
import { exportState, importState, resetState, StateDocumentError } from '../store/snapshot.js';
import type { SecretBox } from '../lib/secret-box.js';
import { EmailInUseError, type IamDomain } from '../services/iam/domain.js';
import { ControlError, type StatePort } from './control-area.js';

export interface StateControlDeps {
  readonly store: Store;
  readonly sealer: SecretBox;
  readonly iam: IamDomain;
  readonly version: string;
  readonly dialect: string;
}

/** The control API's operations: the whole state, and standalone accounts. */
export class StateControl implements StatePort {
  constructor(private readonly deps: StateControlDeps) {}

  async health(): Promise<Record<string, unknown>> {
    return { status: 'ok', version: this.deps.version, store: this.deps.dialect };
  }

  async reset(): Promise<unknown> {
    await resetState(this.deps.store);
    this.deps.iam.forget();
    await this.deps.iam.bootstrap();
    return { reset: true, rootCredentials: await this.deps.iam.managementRootCredentials() };
  }

  exportState(): Promise<unknown> {
    return exportState(this.deps.store, this.deps.sealer);
  }

  async importState(document: unknown): Promise<void> {
    try {
      await importState(this.deps.store, document, this.deps.sealer);
    } catch (error) {
      if (error instanceof StateDocumentError) throw new ControlError(400, `The state document cannot be imported: ${error.message}`);
      throw error;
    } finally {
      this.deps.iam.forget();
    }
  }

  rootCredentials(): Promise<unknown> {
    return this.deps.iam.managementRootCredentials();
  }

  async createAccount(input: unknown): Promise<unknown> {
    const { name, email } = (input ?? {}) as { name?: unknown; email?: unknown };
    if (typeof name !== 'string' || !/^[\s\S]{1,50}$/.test(name)) throw new ControlError(400, 'name must be a string of 1 to 50 characters.');
    if (typeof email !== 'string' || !/^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 64) {
      throw new ControlError(400, 'email must be an email address of at most 64 characters.');
    }
    try {
      return await this.deps.iam.createStandaloneAccount({ name, email });
    } catch (error) {
      if (error instanceof EmailInUseError) throw new ControlError(409, error.message);
      throw error;
    }
  }
}
