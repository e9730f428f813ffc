// awsJson1_1 (organizations, sso-admin, identitystore): the operation comes from X-Amz-Target, the input is the
// JSON body (an empty body is {}), the output is a JSON body and errors carry `__type` plus the
// `x-amzn-ErrorType` header.

import { frameworkErrors, type ServiceError } from '../errors.js';
import type { Codec, ParseOptions } from './codec.js';
import { resolveError } from './error-shapes.js';
import { readJsonStructure, writeJsonStructure } from './json-shapes.js';
import type { OperationModel, ServiceModel } from './model.js';
import { validateInput } from './validate.js';
import type { WireRequest, WireResponse } from './wire.js';

const contentType = 'application/x-amz-json-1.1';

/** Parses a request body as JSON; an empty body is `{}`; anything unparseable is a SerializationException. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw frameworkErrors.serialization('The request body is not valid JSON.');
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The body of a JSON-protocol error: code, message, and the error shape's other members from `fields`. */
export function jsonErrorBody(
  model: ServiceModel,
  error: ServiceError,
  shapeName: string | undefined,
  extra: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const fields = shapeName ? writeJsonStructure(model, shapeName, error.fields, true) : { ...error.fields };
  const body: Record<string, unknown> = { ...extra, ...fields, message: error.message };
  // Shapes whose message member is `Message` (organizations, sso-admin, identitystore) get it under that name
  // too, so clients that read the modelled member (SDK v3's `e.Message`) see it; `message` is what every
  // client's generic error parser reads.
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  if (shape?.type === 'structure' && Object.hasOwn(shape.members, 'Message') && body['Message'] === undefined) {
    body['Message'] = error.message;
  }
  return body;
}

export const awsJsonCodec: Codec = {
  protocol: 'json',

  parseInput(service: ServiceModel, operation: OperationModel, request: WireRequest, options: ParseOptions) {
    const parsed = parseJsonBody(request.body);
    if (!operation.input) return {};
    if (!isJsonObject(parsed)) {
      throw frameworkErrors.serialization('The request body must be a JSON object.');
    }
    const input = readJsonStructure(service, operation.input.shape, parsed, '', false);
    validateInput(service, operation.input.shape, input, options.validationErrorCode);
    return input;
  },

  serializeOutput(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const body =
      operation.output && isJsonObject(output) ? writeJsonStructure(service, operation.output.shape, output, false) : {};
    return {
      status: 200,
      headers: { 'content-type': contentType, 'x-amzn-RequestId': requestId },
      body: JSON.stringify(body),
    };
  },

  serializeError(service: ServiceModel, error: ServiceError, requestId: string): WireResponse {
    const resolved = resolveError(service, error);
    const body = jsonErrorBody(service, error, resolved.shapeName, { __type: resolved.code });
    return {
      status: resolved.status,
      headers: {
        ...error.headers,
        'content-type': contentType,
        'x-amzn-RequestId': requestId,
        'x-amzn-ErrorType': resolved.code,
      },
      body: JSON.stringify(body),
    };
  },
};
