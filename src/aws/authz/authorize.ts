import type { Logger } from '../../lib/log.js';
import { partition } from '../../lib/arn.js';
import type { Authentication } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import type { ServiceDefinition } from '../protocol/service-definition.js';
import { resolveAuthz, resolverNamesFor } from './resolve.js';
import type { AuthzEntry, AuthzRequest } from './types.js';
import type { Watch } from '../../store/write-watch.js';

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
  /** The request's own MFA, checked by the pipeline (Authentication.mfaAuthenticatedAt). */
  readonly mfaAuthenticatedAt?: number | undefined;
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

/** Requests whose resolver answers are kept at most; a full cache starts over. */
const MAX_CACHED_ANSWERS = 10_000;
/** Inputs longer than this (as JSON) are resolved every time rather than kept as a key. */
const MAX_KEYED_INPUT = 2_048;

/**
 * What resolver answers depend on besides the store: the operation and its input, and who calls (a session by its
 * key: an omitted IAM UserName is the calling user). Undefined for an input too large to keep as a key.
 */
function answersKey(serviceId: string, operation: string, principal: Principal, input: Record<string, unknown>): string | undefined {
  const text = JSON.stringify(input);
  if (text.length > MAX_KEYED_INPUT) return undefined;
  return `${serviceId}\u0000${operation}\u0000${principal.arn}\u0000${principal.accessKeyId ?? ''}\u0000${text}`;
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
  /** Resolver answers by request (service, operation, caller, input), good while the store's watch is unchanged. */
  private readonly answers = new Map<string, { readonly generation: number; readonly answers: ReadonlyMap<string, string | undefined> }>();

  /**
   * `storeWrites`: a watch over every table of the store (this process's writes and other replicas'); with it,
   * resolver answers are kept until anything in the store is written, so a repeated read asks the store nothing.
   */
  constructor(
    private readonly decider: PolicyDecider,
    private readonly log: Logger,
    private readonly storeWrites?: Watch,
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
      const key = this.storeWrites ? answersKey(service.id, operation, principal, input) : undefined;
      const cached = key === undefined ? undefined : this.answers.get(key);
      if (cached !== undefined && cached.generation === this.storeWrites!.generation) {
        return this.decideResolved(service, entry, cached.answers, principal, auth, input, requestId, origin);
      }
      return this.resolveThenDecide(service, entry, names, resolver, principal, auth, input, requestId, origin, key);
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
    key: string | undefined,
  ): Promise<void> {
    // Read before resolving: a write while the answers are looked up makes them stale at once.
    const generation = this.storeWrites?.generation;
    const answers = new Map<string, string | undefined>();
    for (const name of names) answers.set(name, await resolver(name, input, principal));
    if (key !== undefined && generation !== undefined) {
      if (this.answers.size >= MAX_CACHED_ANSWERS) this.answers.clear();
      this.answers.set(key, { generation, answers });
    }
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
    return this.decider.decide({ principal, region, request, origin, service, requestId, mfaAuthenticatedAt: auth.mfaAuthenticatedAt });
  }
}
