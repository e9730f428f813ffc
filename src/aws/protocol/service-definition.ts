import type { Principal } from '../auth/principal.js';
import type { AuthzTable } from '../authz/types.js';
import type { ServiceModel } from './model.js';
import type { OperationContext } from './operation-context.js';

/** One operation's implementation: validated input in, output shape out; throws ServiceError. */
export type OperationHandler = (input: never, ctx: OperationContext) => Promise<unknown>;

/** Operations a service implements so far; a model operation absent here answers NotImplementedException. */
export type Handlers = Readonly<Partial<Record<string, OperationHandler>>>;

/**
 * Everything the edge needs to serve one AWS service: its generated model, its authz table and the handlers
 * of its provider. Built by each service's index.ts and registered in the composition root.
 */
export interface ServiceDefinition {
  /** botocore name: organizations, sso-admin, identitystore, sso, sso-oidc, sts, iam */
  readonly id: string;
  readonly model: ServiceModel;
  readonly authz: AuthzTable;
  readonly handlers: Handlers;
  /** The code model-validation failures answer with. */
  readonly validationErrorCode: string;
  /** Values for the authz table's resolver names (e.g. OrganizationId), looked up per request: only the names its
   * authz.ts lists as resolverNames, and only when the input does not supply them. Undefined: authorize against '*'. */
  readonly resolveAuthzName?: (name: string, input: Record<string, unknown>, principal: Principal) => Promise<string | undefined>;
  /** Checks the MFA code an input brings in its authz entry's `mfa` members: the time it was checked, undefined when
   * the input names neither member; throws the service's error for a wrong code or a caller without the device. */
  readonly verifyMfa?: (principal: Principal, serialNumber: string | undefined, tokenCode: string | undefined, now: number) => Promise<number | undefined>;
}

/**
 * Turns provider objects (methods named after operations) into one handler map, keeping `this`. A large service
 * splits its operations over several providers; two providers answering one operation is a wiring mistake.
 */
export function handlersOf(providers: object | readonly object[]): Handlers {
  const handlers: Record<string, OperationHandler> = {};
  for (const provider of Array.isArray(providers) ? (providers as readonly object[]) : [providers]) {
    const own = new Set<string>();
    let proto: object | null = provider;
    while (proto && proto !== Object.prototype) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const value = (provider as Record<string, unknown>)[name];
        if (name !== 'constructor' && /^[A-Z]/.test(name) && typeof value === 'function' && !own.has(name)) {
          if (name in handlers) throw new Error(`two providers implement ${name}`);
          own.add(name);
          handlers[name] = value.bind(provider) as OperationHandler;
        }
      }
      proto = Object.getPrototypeOf(proto) as object | null;
    }
  }
  return handlers;
}
