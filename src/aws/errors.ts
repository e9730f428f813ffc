// One error base with the wire identity. Services throw ServiceError with the model's error shape name
// (e.g. 'AccountNotFoundException'); the codec looks the shape up in the service model for the HTTP status and
// the protocol's wire code, and serializes `fields` as the shape's other members. Framework errors (signature,
// routing, validation, internal) pass an explicit status.

export type Fault = 'Sender' | 'Receiver';

export interface ServiceErrorOptions {
  /** HTTP status; when absent the codec takes it from the model's error shape, else 400. */
  readonly status?: number;
  readonly fault?: Fault;
  /** Other members of the error shape (e.g. sso-oidc `error`, `error_description`; organizations `Reason`). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. an explanation header for denials). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class ServiceError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly fault: Fault;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, message: string, options: ServiceErrorOptions = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.status = options.status;
    this.fault = options.fault ?? ((options.status ?? 400) >= 500 ? 'Receiver' : 'Sender');
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }
}

/** The closed set of framework errors every protocol can answer with. */
export const frameworkErrors = {
  internal: () => new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', { status: 500 }),
  notImplemented: (service: string, operation: string) =>
    new ServiceError('NotImplementedException', `gatehouse does not implement ${service}:${operation} yet.`, { status: 501 }),
  unknownOperation: (message: string) => new ServiceError('UnknownOperationException', message, { status: 400 }),
  invalidAction: (message: string) => new ServiceError('InvalidAction', message, { status: 400 }),
  serialization: (message: string) => new ServiceError('SerializationException', message, { status: 400 }),
} as const;
