import type { ServiceError } from '../errors.js';
import type { OperationModel, Protocol, ServiceModel } from './model.js';
import type { WireRequest, WireResponse } from './wire.js';

export interface ParseOptions {
  /** The code this service answers model-validation failures with: ValidationException (json),
   * ValidationError (query), InvalidRequestException (sso, sso-oidc). */
  readonly validationErrorCode: string;
}

/**
 * One codec per protocol (awsJson1_1, restJson1, awsQuery), generic over every service model.
 * parseInput validates against the model and throws ServiceError (the service's validation error code with
 * AWS's "N validation error(s) detected: ..." message, or SerializationException for a body that does not parse).
 */
export interface Codec {
  readonly protocol: Protocol;
  parseInput(
    service: ServiceModel,
    operation: OperationModel,
    request: WireRequest,
    options: ParseOptions,
  ): Record<string, unknown>;
  serializeOutput(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse;
  serializeError(service: ServiceModel, error: ServiceError, requestId: string): WireResponse;
}
