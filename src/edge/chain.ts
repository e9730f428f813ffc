import type { Logger } from '../lib/log.js';
import type { Clock } from '../lib/clock.js';
import { ServiceError, frameworkErrors } from '../aws/errors.js';
import type { Authenticator, Authentication } from '../aws/auth/authenticate.js';
import type { Authorizer } from '../aws/authz/authorize.js';
import type { Principal } from '../aws/auth/principal.js';
import { newRequestId } from '../lib/ids.js';
import { codecFor } from '../aws/protocol/codecs.js';
import type { OperationModel } from '../aws/protocol/model.js';
import type { OperationContext } from '../aws/protocol/operation-context.js';
import { Router, bareModel } from '../aws/protocol/router.js';
import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import type { WireRequest, WireResponse } from '../aws/protocol/wire.js';

// The AWS API request pipeline, top to bottom:
//   route -> authenticate -> parse (and validate) -> [the MFA code the input brings] -> authorize -> dispatch -> serialize
// Each step is a small method over the request's context; any ServiceError ends the chain and is written in the
// routed service's protocol; anything else becomes InternalFailure with the stack logged, never sent.

export interface ApiChainOptions {
  readonly services: readonly ServiceDefinition[];
  readonly authenticator: Authenticator;
  readonly authorizer: Authorizer;
  readonly clock: Clock;
  readonly log: Logger;
  readonly defaultRegion: string;
}

interface ApiContext {
  readonly requestId: string;
  readonly request: WireRequest;
  readonly service: ServiceDefinition;
  readonly operation: OperationModel;
  readonly started: number;
}

export class ApiChain {
  private readonly router: Router;

  constructor(private readonly options: ApiChainOptions) {
    this.router = new Router(options.services);
  }

  /** The edge area: answers every request that routes to an AWS service, undefined otherwise. */
  readonly area = async (request: WireRequest, requestId: string): Promise<WireResponse | undefined> => {
    const route = this.router.route(request);
    if (route.kind === 'none') return undefined;
    if (route.kind === 'error') {
      const model = route.service?.model ?? bareModel(route.protocol);
      this.options.log.info({ requestId, code: route.error.code }, route.error.message);
      return codecFor(model.metadata.protocol).serializeError(model, route.error, requestId);
    }
    const ctx: ApiContext = { requestId, request, service: route.service, operation: route.operation, started: performance.now() };
    let response: WireResponse;
    try {
      // Each step awaits only a promise: authentication and authorization answer at once when what they need is
      // cached, and a microtask turn per step is a measurable share of a cheap call.
      const authenticated = this.authenticate(ctx);
      const signed = authenticated instanceof Promise ? await authenticated : authenticated;
      const input = this.parse(ctx);
      const withMfa = this.withRequestMfa(ctx.service, ctx.operation.name, signed, input);
      const auth = withMfa instanceof Promise ? await withMfa : withMfa;
      const authorized = this.authorize(ctx, auth, input);
      if (authorized instanceof Promise) await authorized;
      const output = await this.dispatch(ctx, auth, input);
      response = this.serialize(ctx, output);
    } catch (error) {
      response = this.fail(ctx, error);
    }
    if (this.options.log.isLevelEnabled('info')) {
      this.options.log.info(
        {
          requestId,
          service: ctx.service.id,
          operation: ctx.operation.name,
          status: response.status,
          ms: Math.round((performance.now() - ctx.started) * 10) / 10,
        },
        'request',
      );
    }
    return response;
  };

  /**
   * One operation called in-process as `principal` (the pages act as the signed-in session): authorized and
   * dispatched exactly as a signed request would be, minus the wire. Throws the ServiceError a client would get.
   */
  async invoke<O>(serviceId: string, operation: string, input: Record<string, unknown>, principal: Principal, origin: string): Promise<O> {
    const service = this.options.services.find((s) => s.id === serviceId);
    const model = service?.model.operations[operation];
    if (!service || !model) throw new Error(`${serviceId}:${operation} is not a served operation`);
    const requestId = newRequestId();
    const auth = await this.withRequestMfa(service, operation, { principal, region: this.options.defaultRegion }, input);
    await this.options.authorizer.authorize(service, operation, auth, input, requestId);
    const handler = service.handlers[operation];
    if (!handler) throw frameworkErrors.notImplemented(service.id, operation);
    const ctx: OperationContext = {
      requestId,
      principal,
      region: auth.region!,
      origin,
      now: this.options.clock.now(),
      log: this.options.log,
      mfaAuthenticatedAt: auth.mfaAuthenticatedAt,
    };
    return (await handler(input as never, ctx)) as O;
  }

  /**
   * The authentication with the MFA code the input brings (its authz entry's `mfa` members), checked by the service
   * before anything is decided, so the authorize step and the handler both see it (each code is taken once).
   */
  private withRequestMfa(service: ServiceDefinition, operation: string, auth: Authentication, input: Record<string, unknown>): Authentication | Promise<Authentication> {
    const members = service.authz[operation]?.mfa;
    if (!members || !service.verifyMfa || !auth.principal) return auth; // at once: no promise on the common path
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    return service
      .verifyMfa(auth.principal, text(input[members.serialNumber]), text(input[members.tokenCode]), this.options.clock.now().getTime())
      .then((at) => (at === undefined ? auth : { ...auth, mfaAuthenticatedAt: at }));
  }

  private authenticate(ctx: ApiContext): Authentication | Promise<Authentication> {
    return this.options.authenticator.authenticate(ctx.request, ctx.operation, ctx.service.model.metadata.protocol);
  }

  private parse(ctx: ApiContext): Record<string, unknown> {
    return codecFor(ctx.service.model.metadata.protocol).parseInput(ctx.service.model, ctx.operation, ctx.request, {
      validationErrorCode: ctx.service.validationErrorCode,
    });
  }

  private authorize(ctx: ApiContext, auth: Authentication, input: Record<string, unknown>): void | Promise<void> {
    const { request } = ctx;
    return this.options.authorizer.authorize(ctx.service, ctx.operation.name, auth, input, ctx.requestId, {
      sourceIp: request.remoteAddress,
      userAgent: request.headers['user-agent'],
      secureTransport: false,
    });
  }

  /** Not async: the handler's own promise is awaited once, without a second one wrapped around it. */
  private dispatch(ctx: ApiContext, auth: Authentication, input: Record<string, unknown>): unknown {
    const handler = ctx.service.handlers[ctx.operation.name];
    if (!handler) throw frameworkErrors.notImplemented(ctx.service.id, ctx.operation.name);
    const opContext: OperationContext = {
      requestId: ctx.requestId,
      principal: auth.principal,
      region: auth.region ?? this.options.defaultRegion,
      origin: `http://${ctx.request.headers['host'] ?? 'localhost'}`,
      now: this.options.clock.now(),
      log: this.options.log,
      mfaAuthenticatedAt: auth.mfaAuthenticatedAt,
    };
    return handler(input as never, opContext);
  }

  private serialize(ctx: ApiContext, output: unknown): WireResponse {
    return codecFor(ctx.service.model.metadata.protocol).serializeOutput(ctx.service.model, ctx.operation, output ?? {}, ctx.requestId);
  }

  private fail(ctx: ApiContext, error: unknown): WireResponse {
    let serviceError: ServiceError;
    if (error instanceof ServiceError) {
      serviceError = error;
    } else {
      this.options.log.error({ requestId: ctx.requestId, err: error }, `${ctx.service.id}:${ctx.operation.name} failed`);
      serviceError = frameworkErrors.internal();
    }
    return codecFor(ctx.service.model.metadata.protocol).serializeError(ctx.service.model, serviceError, ctx.requestId);
  }
}
