import type { Logger } from '../../lib/log.js';
import { partition } from '../../lib/arn.js';
import type { Authentication } from '../auth/authenticate.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import { resolveAuthz } from './resolve.js';
import type { AuthzRequest } from './types.js';

/** The decision port: the policy engine implements it (its own issue); until then every principal is allowed. */
export interface PolicyDecider {
  decide(auth: Authentication, request: AuthzRequest): Promise<void>;
}

export const allowAll: PolicyDecider = { decide: async () => {} };

/**
 * The authorize step: turns the operation and its input into (action, resources, context) through the service's
 * authz table, then asks the decider. Operations IAM does not authorize (action null) pass.
 */
export class Authorizer {
  constructor(
    private readonly decider: PolicyDecider,
    private readonly log: Logger,
  ) {}

  async authorize(
    service: ServiceDefinition,
    operation: string,
    auth: Authentication,
    input: Record<string, unknown>,
    requestId: string,
  ): Promise<void> {
    const entry = service.authz[operation];
    if (!entry) throw new Error(`no authz entry for ${service.id}:${operation}`);
    if (!auth.principal) return;
    const resolved = resolveAuthz(entry, input, {
      partition,
      region: auth.region ?? 'us-east-1',
      account: auth.principal.accountId,
      resolve: () => undefined,
    });
    if (!resolved) return;
    if (this.log.isLevelEnabled('debug')) {
      this.log.debug({ requestId, principal: auth.principal.arn, action: resolved.action, resources: resolved.resources }, 'authorize');
    }
    await this.decider.decide(auth, resolved);
  }
}
