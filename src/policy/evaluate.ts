import { actionName, type ActionName } from './actions.js';
import type { CompiledPolicy } from './compile.js';
import { denialMessage } from './explain.js';
import { excludes, grantFor, stronger, wildcardGrant, type GrantKind } from './principals.js';
import type { RequestContext } from './request-context.js';
import { statementApplies, type CompiledStatement } from './statement.js';
import type { Decision, DecisionKind, LayerName, PolicyPrincipal, StatementRef } from './types.js';

// AWS's policy evaluation logic within and across accounts (IAM User Guide, "Policy evaluation logic" and
// "Cross-account policy evaluation logic"), over compiled policies:
// 1. an explicit Deny in any layer decides (reported in the order SCP, resource/trust, identity, boundary, session);
// 2. every SCP level on the principal's account path must Allow (no levels: the management account, not bound);
// 3. a resource-based policy's Allow decides, within one account, when it names the caller directly: a user or a
//    role session named by ARN needs nothing else; a role named by ARN still needs the boundary and session policy;
//    an account (or another account's resource) only delegates to the caller's own policies. A role trust policy
//    must Allow in any case; across accounts so must the resource's policy;
// 4. the identity-based policies must Allow (the account root needs none);
// 5. the permissions boundary, if set, and the session policy, if any, must Allow.
// Each resource of a request is decided on its own; the request is allowed when every resource is.

/** A compiled policy with the name a decision should give it (a policy ARN, an inline policy's name, an SCP id). */
export interface NamedPolicy {
  readonly id: string;
  readonly policy: CompiledPolicy;
}

export interface ResourcePolicyLayer {
  readonly policy: NamedPolicy;
  /** The account that owns the resource (for a trust policy, the role's). */
  readonly account: string;
  /** A role trust policy must itself allow the AssumeRole* call; other resource-based policies may only add to it. */
  readonly kind: 'resource' | 'trust';
}

export interface PolicyLayers {
  /** Every identity-based policy of the principal: managed and inline, of the user, its groups, or the role. */
  readonly identity: readonly NamedPolicy[];
  readonly boundary?: NamedPolicy | undefined;
  /** The session policies of a role or federated-user session (inline and managed); absent or empty: none. */
  readonly session?: readonly NamedPolicy[] | undefined;
  /** The SCPs on the principal's account path, one list per level (root, each OU, the account). Empty for the
   * management account and for callers outside any account, whom SCPs do not bind. */
  readonly scpLevels: readonly (readonly NamedPolicy[])[];
  readonly resource?: ResourcePolicyLayer | undefined;
}

export interface AuthorizationRequest {
  readonly principal: PolicyPrincipal;
  readonly action: string;
  /** The resources the call touches; empty means '*'. */
  readonly resources: readonly string[];
  readonly context: RequestContext;
}

const ANY_RESOURCE: readonly string[] = ['*'];

function ref(layer: LayerName, policyId: string, s: CompiledStatement): StatementRef {
  return { layer, policyId, index: s.index, sid: s.sid };
}

/** Whether a resource-based statement is about this caller at all, and how directly it names it. */
function principalGrant(s: CompiledStatement, principal: PolicyPrincipal): GrantKind | undefined {
  if (s.principals === undefined) return undefined;
  if (!s.notPrincipal) return grantFor(s.principals, principal);
  return excludes(s.principals, principal) ? undefined : wildcardGrant(principal);
}

class ResourceDecision {
  constructor(
    private readonly request: AuthorizationRequest,
    private readonly action: ActionName,
    private readonly layers: PolicyLayers,
    private readonly resource: string,
  ) {}

  /** The first statement of the effect in the policies that applies to this request. */
  private first(policies: readonly NamedPolicy[], layer: LayerName, deny: boolean): StatementRef | undefined {
    for (const { id, policy } of policies) {
      const found = policy.forAction(this.action);
      for (const s of deny ? found.denies : found.allows) {
        if (statementApplies(s, this.resource, this.request.context)) return ref(layer, id, s);
      }
    }
    return undefined;
  }

  /** The resource policy's statements of the effect that apply, with the most direct grant among them. */
  private resourceStatements(layer: ResourcePolicyLayer, deny: boolean): { ref: StatementRef; grant: GrantKind } | undefined {
    const { id, policy } = layer.policy;
    const found = policy.forAction(this.action);
    let best: { ref: StatementRef; grant: GrantKind } | undefined;
    for (const s of deny ? found.denies : found.allows) {
      const grant = principalGrant(s, this.request.principal);
      if (grant === undefined || !statementApplies(s, this.resource, this.request.context)) continue;
      if (deny) return { ref: ref(layer.kind, id, s), grant };
      if (best === undefined || stronger(best.grant, grant) !== best.grant) best = { ref: ref(layer.kind, id, s), grant };
    }
    return best;
  }

  private deny(kind: 'ExplicitDeny' | 'ImplicitDeny', layer: LayerName, statement?: StatementRef): Decision {
    const { principal, action } = this.request;
    const message = denialMessage(principal.arn, action, this.resource, kind, layer);
    return { decision: kind, layer, statement, resource: this.resource, message };
  }

  private allow(layer: LayerName, statement: StatementRef | undefined): Decision {
    return { decision: 'Allow', layer, statement, resource: this.resource, message: '' };
  }

  decide(): Decision {
    const { layers } = this;
    const { principal } = this.request;
    const session = layers.session ?? [];

    for (const level of layers.scpLevels) {
      const d = this.first(level, 'scp', true);
      if (d) return this.deny('ExplicitDeny', 'scp', d);
    }
    if (layers.resource) {
      const d = this.resourceStatements(layers.resource, true);
      if (d) return this.deny('ExplicitDeny', layers.resource.kind, d.ref);
    }
    const denied = this.first(layers.identity, 'identity', true) ??
      (layers.boundary && this.first([layers.boundary], 'boundary', true)) ??
      this.first(session, 'session', true);
    if (denied) return this.deny('ExplicitDeny', denied.layer, denied);

    for (const level of layers.scpLevels) {
      if (!this.first(level, 'scp', false)) return this.deny('ImplicitDeny', 'scp');
    }

    // Callers that are not IAM identities (a service, an identity provider, anyone unsigned) have only the resource
    // policy to grant them anything.
    const identityless = principal.type === 'service' || principal.type === 'federated' || principal.type === 'anonymous';
    let needIdentity = principal.type !== 'root';
    let needBoundary = principal.type !== 'root';
    let needSession = true;
    let granted: StatementRef | undefined;
    const resourceLayer = layers.resource;
    if (resourceLayer) {
      const allow = this.resourceStatements(resourceLayer, false);
      if (identityless) return allow ? this.allow(resourceLayer.kind, allow.ref) : this.deny('ImplicitDeny', resourceLayer.kind);
      const sameAccount = resourceLayer.account === principal.accountId;
      if (!allow && (resourceLayer.kind === 'trust' || !sameAccount)) return this.deny('ImplicitDeny', resourceLayer.kind);
      if (allow && sameAccount && allow.grant !== 'account') {
        granted = allow.ref;
        needIdentity = false;
        if (allow.grant !== 'role') needBoundary = false;
        if (allow.grant === 'session') needSession = false;
      }
    } else if (identityless) {
      return this.deny('ImplicitDeny', 'identity');
    }

    const identityAllow = needIdentity ? this.first(layers.identity, 'identity', false) : undefined;
    if (needIdentity && !identityAllow) return this.deny('ImplicitDeny', 'identity');
    if (needBoundary && layers.boundary && !this.first([layers.boundary], 'boundary', false)) {
      return this.deny('ImplicitDeny', 'boundary');
    }
    if (needSession && session.length > 0 && !this.first(session, 'session', false)) return this.deny('ImplicitDeny', 'session');
    return identityAllow ? this.allow('identity', identityAllow) : this.allow(granted?.layer ?? 'identity', granted);
  }
}

/** What a resource-based policy decides on its own for the caller: its Deny, else its Allow, naming the caller. */
export function resourcePolicyDecision(policy: CompiledPolicy, request: AuthorizationRequest, resource: string): DecisionKind {
  const found = policy.forAction(actionName(request.action));
  const names = (s: CompiledStatement) =>
    principalGrant(s, request.principal) !== undefined && statementApplies(s, resource, request.context);
  if (found.denies.some(names)) return 'ExplicitDeny';
  return found.allows.some(names) ? 'Allow' : 'ImplicitDeny';
}

/** Decides a request against the principal's policy layers. Pure: the same request and layers, the same decision. */
export function evaluate(request: AuthorizationRequest, layers: PolicyLayers): Decision {
  const action = actionName(request.action);
  const resources = request.resources.length > 0 ? request.resources : ANY_RESOURCE;
  let implicit: Decision | undefined;
  let allowed: Decision | undefined;
  for (const resource of resources) {
    const d = new ResourceDecision(request, action, layers, resource).decide();
    if (d.decision === 'ExplicitDeny') return d;
    if (d.decision === 'ImplicitDeny') implicit ??= d;
    else allowed ??= d;
  }
  return implicit ?? (allowed as Decision);
}
