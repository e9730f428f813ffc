import { frameworkErrors, type ServiceError } from '../errors.js';
import type { OperationModel, Protocol, ServiceModel } from './model.js';
import { formFields } from './form-fields.js';
import { matchRestOperation } from './rest-json.js';
import type { ServiceDefinition } from './service-definition.js';
import type { WireRequest } from './wire.js';

// Resolves which service and operation a request is for, from the request alone and never from Host:
// X-Amz-Target (awsJson), method + path (restJson), form/query Action + Version (awsQuery), and as a last
// resort the SigV4 credential scope's service.

export type Route =
  | { readonly kind: 'operation'; readonly service: ServiceDefinition; readonly operation: OperationModel }
  | { readonly kind: 'error'; readonly protocol: Protocol; readonly service?: ServiceDefinition; readonly error: ServiceError }
  | { readonly kind: 'none' };

const routingFields = ['Action', 'Version'];

/** The form's fields or the URL query's: both answer get and has. */
interface RoutingFields {
  get(name: string): string | null | undefined;
  has(name: string): boolean;
}
const scopeService = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\//;

export class Router {
  private readonly byTargetPrefix = new Map<string, ServiceDefinition>();
  private readonly byQueryVersion = new Map<string, ServiceDefinition>();
  private readonly bySigningName = new Map<string, ServiceDefinition>();
  private readonly restServices: ServiceDefinition[] = [];

  constructor(services: readonly ServiceDefinition[]) {
    for (const service of services) {
      const { metadata } = service.model;
      this.bySigningName.set(metadata.signingName, service);
      this.bySigningName.set(metadata.endpointPrefix, service);
      if (metadata.protocol === 'json' && metadata.targetPrefix) this.byTargetPrefix.set(metadata.targetPrefix, service);
      if (metadata.protocol === 'query') this.byQueryVersion.set(metadata.apiVersion, service);
      if (metadata.protocol === 'rest-json') this.restServices.push(service);
    }
  }

  route(request: WireRequest): Route {
    const target = request.headers['x-amz-target'];
    if (target !== undefined) return this.routeTarget(target);

    const query = this.queryParams(request);
    if (query) return this.routeQuery(query.get('Action') ?? null, query.get('Version') ?? null, request);

    for (const service of this.restServices) {
      const match = matchRestOperation(service.model, request.method, request.path, request.query);
      if (match) return { kind: 'operation', service, operation: match.operation };
    }

    const signedFor = this.signedService(request);
    if (signedFor) {
      return {
        kind: 'error',
        protocol: signedFor.model.metadata.protocol,
        service: signedFor,
        error: frameworkErrors.unknownOperation(`No operation of ${signedFor.id} matches ${request.method} ${request.path}.`),
      };
    }
    return { kind: 'none' };
  }

  private routeTarget(target: string): Route {
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    const name = dot < 0 ? '' : target.slice(dot + 1);
    const service = this.byTargetPrefix.get(prefix);
    if (!service) {
      return {
        kind: 'error',
        protocol: 'json',
        error: frameworkErrors.unknownOperation(`gatehouse does not serve the AWS service with target prefix '${prefix}'.`),
      };
    }
    const operation = Object.hasOwn(service.model.operations, name) ? service.model.operations[name] : undefined;
    if (!operation) {
      return { kind: 'error', protocol: 'json', service, error: frameworkErrors.unknownOperation(`Unknown operation ${target}`) };
    }
    return { kind: 'operation', service, operation };
  }

  private routeQuery(action: string | null, version: string | null, request: WireRequest): Route {
    const service = (version ? this.byQueryVersion.get(version) : undefined) ?? this.signedService(request);
    if (!service || service.model.metadata.protocol !== 'query') {
      const what = this.scopeName(request) ?? (version ? `Version=${version}` : 'an unknown service');
      return {
        kind: 'error',
        protocol: 'query',
        error: frameworkErrors.invalidAction(`gatehouse does not serve ${what} (Action=${action ?? ''}).`),
      };
    }
    const operation = action && Object.hasOwn(service.model.operations, action) ? service.model.operations[action] : undefined;
    if (!operation) {
      return {
        kind: 'error',
        protocol: 'query',
        service,
        error: frameworkErrors.invalidAction(
          `Could not find operation ${action ?? ''} for version ${version ?? service.model.metadata.apiVersion}`,
        ),
      };
    }
    return { kind: 'operation', service, operation };
  }

  /** Action and Version when this request is a query-protocol call: a form POST, or a GET with Action. */
  private queryParams(request: WireRequest): RoutingFields | undefined {
    const type = request.headers['content-type'] ?? '';
    if (request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
      const form = formFields(request.body.toString('utf8'), routingFields);
      if (form.has('Action')) return form;
      if (request.query.has('Action')) return request.query;
      return form;
    }
    if (request.rawQuery.includes('Action=') && request.query.has('Action')) return request.query;
    return undefined;
  }

  private scopeName(request: WireRequest): string | undefined {
    const header = request.headers['authorization'] ?? request.query.get('X-Amz-Credential') ?? '';
    const match = scopeService.exec(header.startsWith('AWS4') ? header : `Credential=${header}/`);
    return match?.[1];
  }

  private signedService(request: WireRequest): ServiceDefinition | undefined {
    const name = this.scopeName(request);
    return name ? this.bySigningName.get(name) : undefined;
  }
}

/** A model with no operations or shapes, so codecs can write framework errors for requests of no known service. */
export function bareModel(protocol: Protocol): ServiceModel {
  return {
    metadata: {
      apiVersion: '',
      endpointPrefix: '',
      protocol,
      serviceId: '',
      signingName: '',
      ...(protocol === 'query' ? { xmlNamespace: 'https://gatehouse.dev/doc/' } : {}),
    },
    operations: {},
    shapes: {},
  };
}
