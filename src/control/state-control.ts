import type { Store } from '../store/database.js';
import { exportState, importState, resetState, StateDocumentError } from '../store/snapshot.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { IamDomain } from '../services/iam/domain.js';
import { ControlError, type ControlPort } from './control-area.js';

export interface StateControlDeps {
  readonly store: Store;
  readonly sealer: SecretBox;
  readonly iam: IamDomain;
  readonly version: string;
  readonly dialect: string;
}

/** The control API's operations over the whole state. */
export class StateControl implements ControlPort {
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
}
