import type { Logger } from '../../lib/log.js';
import { partition } from '../../lib/arn.js';
import type { Authentication } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import { resolveAuthz, resolverNamesFor } from './resolve.js';
import type { AuthzEntry, AuthzRequest } from './types.js';

/** Where a request came from, for the global condition keys (aws:SourceIp, aws:UserAgent, aws:SecureTransport). */
export interface RequestOrigin {
  readonly sourceIp?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly secureTransport?: boolean | undefined;
}

/** One call to decide: who, what, where from; the service answers a denial in its own protocol's words. */
export interface AuthorizationCall {
  readonly principal: Principal;
  readonly region: string;
  readonly request: AuthzRequest;
  readonly origin: RequestOrigin;
  readonly service: ServiceDefinition;
  readonly requestId: string;
}

/**
 * The decision port: returns (or resolves) when the call is allowed, throws (or rejects with) the service's
 * AccessDenied error when it is not. A decider that can answer at once returns no promise.
 */
export interface PolicyDecider {
  decide(call: AuthorizationCall): void | Promise<void>;
  /** True for a decider that allows everything: the step then skips resolving (no store lookups per request). */
  readonly decidesNothing?: boolean;
}

/** What an entry without resolver names is resolved with. */
const noAnswers: ReadonlyMap<string, string | undefined> = new Map();

/** Authorization off (`--authorization off`, the benchmark's baseline): every authenticated principal passes. */
export const allowAll: PolicyDecider = { decide: () => undefined, decidesNothing: true };

/**
 * The authorize step: turns the operation and its input into (action, resources, context) through the service's
 * authz table, looking up the stored facts the table's templates need (the service's resolver), then asks the decider.
 * Operations IAM does not authorize (action null) and unsigned calls pass.
 */
export class Authorizer {
  constructor(
    private readonly decider: PolicyDecider,
    private readonly log: Logger,
  ) {}

  /** Returns at once when nothing needs the store (no resolver lookups, layers cached); a promise otherwise. */
  authorize(
    service: ServiceDefinition,
    operation: string,
    auth: Authentication,
    input: Record<string, unknown>,
    requestId: string,
    origin: RequestOrigin = {},
  ): void | Promise<void> {
    const entry = service.authz[operation];
    if (!entry) throw new Error(`no authz entry for ${service.id}:${operation}`);
    const { principal } = auth;
    if (!principal || entry.action === null || this.decider.decidesNothing) return;
    const resolver = service.resolveAuthzName;
    const names = resolver ? resolverNamesFor(entry, input) : [];
    if (resolver && names.length > 0) {
      return this.resolveThenDecide(service, entry, names, resolver, principal, auth, input, requestId, origin);
    }
    return this.decideResolved(service, entry, noAnswers, principal, auth, input, requestId, origin);
  }

  private async resolveThenDecide(
    service: ServiceDefinition,
    entry: AuthzEntry,
    names: Iterable<string>,
    resolver: NonNullable<ServiceDefinition['resolveAuthzName']>,
    principal: Principal,
    auth: Authentication,
    input: Record<string, unknown>,
    requestId: string,
    origin: RequestOrigin,
  ): Promise<void> {
    const answers = new Map<string, string | undefined>();
    for (const name of names) answers.set(name, await resolver(name, input, principal));
    return this.decideResolved(service, entry, answers, principal, auth, input, requestId, origin);
  }

  private decideResolved(
    service: ServiceDefinition,
    entry: AuthzEntry,
    answers: ReadonlyMap<string, string | undefined>,
    principal: Principal,
    auth: Authentication,
    input: Record<string, unknown>,
    requestId: string,
    origin: RequestOrigin,
  ): void | Promise<void> {
    const region = auth.region ?? 'us-east-1';
    const request = resolveAuthz(entry, input, {
      partition,
      region,
      account: principal.accountId,
      resolve: (name) => answers.get(name),
    });
    if (!request) return;
    if (this.log.isLevelEnabled('debug')) {
      this.log.debug({ requestId, principal: principal.arn, action: request.action, resources: request.resources }, 'authorize');
    }
    return this.decider.decide({ principal, region, request, origin, service, requestId });
  }
}
