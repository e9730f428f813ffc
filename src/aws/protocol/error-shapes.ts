// Resolves a ServiceError to its wire identity in one service model: the error shape it names, the protocol's
// wire code (awsQuery uses the error trait's code, e.g. NoSuchEntityException -> NoSuchEntity), the HTTP status
// and the fault. Framework errors (no shape in the model) keep their code and explicit status.

import type { Fault, ServiceError } from '../errors.js';
import type { ServiceModel, StructureShape } from './model.js';

export interface ResolvedError {
  /** The error shape's name when the model has one for this code. */
  readonly shapeName: string | undefined;
  readonly shape: StructureShape | undefined;
  /** The shape name (json, rest-json), or the code a client expects to see. */
  readonly code: string;
  /** awsQuery's code: the error trait's `code` when it has one. */
  readonly queryCode: string;
  readonly status: number;
  readonly fault: Fault;
}

interface ErrorIndex {
  /** By shape name and by error-trait code. */
  readonly byCode: ReadonlyMap<string, { readonly name: string; readonly shape: StructureShape }>;
}

const indexes = new WeakMap<ServiceModel, ErrorIndex>();

function indexOf(model: ServiceModel): ErrorIndex {
  let index = indexes.get(model);
  if (!index) {
    const byCode = new Map<string, { name: string; shape: StructureShape }>();
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (shape.type !== 'structure' || !(shape.exception || shape.error)) continue;
      byCode.set(name, { name, shape });
    }
    for (const [name, shape] of Object.entries(model.shapes)) {
      if (shape.type !== 'structure' || !shape.error?.code || byCode.has(shape.error.code)) continue;
      byCode.set(shape.error.code, { name, shape });
    }
    index = { byCode };
    indexes.set(model, index);
  }
  return index;
}

export function resolveError(model: ServiceModel, error: ServiceError): ResolvedError {
  const found = indexOf(model).byCode.get(error.code);
  const trait = found?.shape.error;
  const status = error.status ?? trait?.httpStatusCode ?? 400;
  const fault: Fault = status >= 500 ? 'Receiver' : error.fault;
  if (!found) return { shapeName: undefined, shape: undefined, code: error.code, queryCode: error.code, status, fault };
  return {
    shapeName: found.name,
    shape: found.shape,
    code: found.name,
    queryCode: trait?.code ?? found.name,
    status,
    fault,
  };
}
