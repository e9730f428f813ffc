// The IAM policy engine: compile policy documents once, fill a request's global condition keys, decide a request
// against a principal's policy layers with AWS's evaluation logic and wording, and validate documents on write.
// Pure: no I/O, no clock but the one a caller passes (requestContext defaults to now).

export { compilePolicy, CompiledPolicy } from './compile.js';
export { evaluate } from './evaluate.js';
export { contextKeysOf, simulate } from './simulate.js';
export type { MatchedStatement, ResourceSimulation, SimulationLayers, SimulationRequest, SourcedPolicy } from './simulate.js';
export { statementSpans } from './positions.js';
export type { StatementSpan, TextPosition } from './positions.js';
export type { AuthorizationRequest, NamedPolicy, PolicyLayers, ResourcePolicyLayer } from './evaluate.js';
export { requestContext, isoSeconds } from './global-context.js';
export type { ContextFacts } from './global-context.js';
export { PolicySyntaxError } from './issues.js';
export type { IssueSeverity, PolicyIssue } from './issues.js';
export { PolicyCache, policyHash, DEFAULT_POLICY_CACHE_SIZE } from './policy-cache.js';
export { contextOf } from './request-context.js';
export type { ContextValue, RequestContext } from './request-context.js';
export type { Decision, DecisionKind, Effect, LayerName, PolicyPrincipal, PolicyPrincipalType, StatementRef } from './types.js';
export { firstError, validatePolicy } from './validate.js';
export type { PolicyUse } from './policy-use.js';
export { policySize } from './policy-size.js';
export { servicesAllowedBy } from './service-scope.js';
export type { ServiceScope } from './service-scope.js';
export { policyTypeName } from './explain.js';
