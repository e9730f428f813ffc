// The policy engine behind the authorize step: gathers the caller's policy layers (identity policies, boundary,
// session policies, the SCPs along its account's path, a role's trust policy for AssumeRole), fills the request
// context, evaluates, and answers a denial with AWS's error and sentence in the service's protocol.
// Gathered layers are cached per principal (per session for temporary credentials) and per account, and dropped when
// the store reports a write to a table they came from (this process's writes at once, other replicas' through the
// store's notifications); documents are compiled once per content hash.
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { Watch } from '../../store/write-watch.js';
import { encodeAuthorizationMessage } from './authorization-message.js';
import {
  evaluate,
  PolicyCache,
  PolicySyntaxError,
  requestContext,
  servicesAllowedBy,
  type Decision,
  type NamedPolicy,
  type ResourcePolicyLayer,
  type ServiceScope,
} from '../../policy/index.js';
import type { Principal } from '../auth/principal.js';
import { ServiceError } from '../errors.js';
import type { AuthorizationCall, PolicyDecider, RequestOrigin } from './authorize.js';
import type { AuthzRequest } from './types.js';
import type { PolicySource, PolicyText } from './policy-source.js';

/** Actions AWS answers for any authenticated caller, whatever the policies say ("No permissions are required"):
 * who am I, and GetSessionToken, an authentication operation that policies cannot control. */
const NEVER_DENIED: ReadonlySet<string> = new Set(['sts:getcalleridentity', 'sts:getsessiontoken']);
/** Actions whose resource is a role, decided with its trust policy. */
const TRUST_ACTIONS: ReadonlySet<string> = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);
/** A role's ARN (what is not one, the operation refuses as invalid input). */
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\//;
/** A policy that allows nothing. */
const NOTHING = '{"Version":"2012-10-17","Statement":[]}';
/** Cached principals and accounts at most; a full cache starts over (entries are cheap to gather again). */
const MAX_CACHED = 10_000;

/** How denials are treated (`serve --authorization`, less `off`, which runs no engine). */
export type AuthorizationMode = 'enforce' | 'audit';

/** A denial as the engine decided it: what --explain-denials shows and the control API keeps. */
export interface DenialRecord {
  readonly requestId: string;
  readonly at: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision['decision'];
  readonly layer: Decision['layer'];
  /** The policy and statement that decided (explicit deny), absent for an implicit deny. */
  readonly policy?: string | undefined;
  readonly statement?: { readonly index: number; readonly sid?: string | undefined } | undefined;
  readonly message: string;
  /** audit: the call went ahead. */
  readonly enforced: boolean;
}

export interface EngineDeciderOptions {
  readonly source: PolicySource;
  /** Bumped when any of source.tables is written. */
  readonly watch: Watch;
  readonly clock: Clock;
  readonly log: Logger;
  /** enforce: a denial fails the call; audit: it is logged and kept, and the call goes ahead. */
  readonly mode?: AuthorizationMode;
  /** Add the deciding layer, policy and statement to denials (response header x-gatehouse-denial). */
  readonly explainDenials?: boolean;
  /** How many recent denials the control API can show. */
  readonly keepDenials?: number;
  /** Seals the encoded authorization message --explain-denials adds (the server's key, so STS
   * DecodeAuthorizationMessage can read it back). */
  readonly sealer?: SecretBox;
}

/** A request to decide outside the pipeline (the simulator, the access report): no request id, no error. */
export interface AuthorizationQuestion {
  readonly principal: Principal;
  readonly request: AuthzRequest;
  readonly region: string;
  readonly origin?: RequestOrigin | undefined;
  /** The request's own MFA (AssumeRole with SerialNumber and TokenCode): present even for long-term keys. */
  readonly mfaAuthenticatedAt?: number | undefined;
}

interface PrincipalLayers {
  readonly identity: readonly NamedPolicy[];
  readonly boundary: NamedPolicy | undefined;
  readonly session: readonly NamedPolicy[] | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

interface AccountLayers {
  readonly scpLevels: readonly (readonly NamedPolicy[])[];
  readonly orgId: string | undefined;
  readonly orgPaths: readonly string[] | undefined;
}

/** A session's policies and tags are its own: temporary credentials are cached per key. */
function principalKey(principal: Principal): string {
  return principal.session && principal.accessKeyId ? `${principal.arn}|${principal.accessKeyId}` : principal.arn;
}

interface Cached<T> {
  readonly generation: number;
  readonly value: T;
}

export class EngineDecider implements PolicyDecider {
  private readonly compiled = new PolicyCache();
  private readonly principals = new Map<string, Cached<PrincipalLayers>>();
  private readonly accounts = new Map<string, Cached<AccountLayers>>();
  private readonly trusts = new Map<string, Cached<ResourcePolicyLayer | undefined>>();
  private readonly denials: DenialRecord[] = [];

  constructor(private readonly options: EngineDeciderOptions) {}

  /** Synchronous when the action is never denied or every layer it needs is cached: most requests wait on nothing. */
  decide(call: AuthorizationCall): void | Promise<void> {
    const question = { principal: call.principal, request: call.request, region: call.region, origin: call.origin, mfaAuthenticatedAt: call.mfaAuthenticatedAt };
    const decision = this.decisionOf(question);
    if (decision instanceof Promise) return decision.then((settled) => this.conclude(call, question, settled));
    return this.conclude(call, question, decision);
  }

  /** Denies, or goes on to the companion actions (AssumeRole with tags also needs sts:TagSession, ...). */
  private conclude(call: AuthorizationCall, question: AuthorizationQuestion, decision: Decision): void | Promise<void> {
    if (decision.decision !== 'Allow') return this.deny(call, decision);
    if (call.request.companions !== undefined && call.request.companions.length > 0) return this.decideCompanions(call, question);
  }

  private async decideCompanions(call: AuthorizationCall, question: AuthorizationQuestion): Promise<void> {
    for (const action of call.request.companions ?? []) {
      const companion = await this.decisionOf({ ...question, request: { ...call.request, action, companions: [] } });
      if (companion.decision !== 'Allow') return this.deny(call, companion);
    }
  }

  /**
   * How the engine decides a request of this principal, with every layer the stored state gives it; never throws a
   * denial. The authorize step, the IAM policy simulator and the access report all ask this.
   */
  async decision(question: AuthorizationQuestion): Promise<Decision> {
    return this.decisionOf(question);
  }

  /** The decision, at once when the layers it needs are cached; a promise when some must be read from the store. */
  private decisionOf(question: AuthorizationQuestion): Decision | Promise<Decision> {
    const { principal, request } = question;
    const action = request.action.toLowerCase();
    if (NEVER_DENIED.has(action)) return { decision: 'Allow', layer: 'identity', statement: undefined, resource: request.resources[0] ?? '*', message: '' };
    const generation = this.options.watch.generation;
    const trusted = TRUST_ACTIONS.has(action);
    const trustArn = trusted ? request.resources[0] : undefined;
    const who = this.cached(this.principals, principalKey(principal), generation);
    const where = this.cached(this.accounts, principal.accountId, generation);
    const trust = trustArn ? this.cached(this.trusts, trustArn, generation) : undefined;
    if (who !== undefined && where !== undefined && (trustArn === undefined || trust !== undefined)) {
      return this.evaluateWith(question, trusted, who.value, where.value, trust?.value);
    }
    return this.gatherAndEvaluate(question, trusted, trustArn, generation);
  }

  private async gatherAndEvaluate(question: AuthorizationQuestion, trusted: boolean, trustArn: string | undefined, generation: number): Promise<Decision> {
    const who = await this.principalLayers(question.principal, generation);
    const where = await this.accountLayers(question.principal.accountId, generation);
    const resource = trustArn ? await this.trustLayer(trustArn, generation) : undefined;
    return this.evaluateWith(question, trusted, who, where, resource);
  }

  private cached<T>(cache: ReadonlyMap<string, Cached<T>>, key: string, generation: number): Cached<T> | undefined {
    const entry = cache.get(key);
    return entry !== undefined && entry.generation === generation ? entry : undefined;
  }

  private evaluateWith(
    question: AuthorizationQuestion,
    trusted: boolean,
    who: PrincipalLayers,
    where: AccountLayers,
    resource: ResourcePolicyLayer | undefined,
  ): Decision {
    const { principal, request } = question;
    const session = principal.session;
    const mfaAt = question.mfaAuthenticatedAt ?? session?.mfaAuthenticatedAt;
    const origin = question.origin ?? {};
    const context = requestContext({
      principal,
      principalTags: session?.tags ? { ...who.tags, ...session.tags } : who.tags,
      orgId: where.orgId,
      orgPaths: where.orgPaths,
      now: this.options.clock.now(),
      region: question.region,
      sourceIp: plainIp(origin.sourceIp),
      secureTransport: origin.secureTransport,
      userAgent: origin.userAgent,
      // aws:MultiFactorAuthPresent/Age: a session's (absent for long-term keys, as on AWS), or the code the request
      // itself brings, checked by the pipeline
      ...(session || mfaAt !== undefined ? { mfa: { present: mfaAt !== undefined, authenticatedAt: mfaAt !== undefined ? new Date(mfaAt) : undefined } } : {}),
      ...(session ? { tokenIssuedAt: new Date(session.issuedAt) } : {}),
      request: request.context,
    });
    const decision = evaluate(
      { principal, action: request.action, resources: request.resources, context },
      { identity: who.identity, boundary: who.boundary, session: who.session, scpLevels: where.scpLevels, resource },
    );
    if (trusted && resource === undefined && decision.decision === 'Allow' && ROLE_ARN.test(request.resources[0] ?? '')) {
      // no such role: nothing trusts the caller (AWS answers AccessDenied, not NoSuchEntity, and gives no reason, so
      // which roles exist stays hidden)
      const arn = request.resources[0] ?? '*';
      const message = `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${arn}`;
      return { decision: 'ImplicitDeny', layer: 'trust', statement: undefined, resource: arn, message };
    }
    return decision;
  }

  /** The services this principal's identity policies can grant anything of (root: every service), so that the
   * access report asks about their actions only. */
  async allowedServices(principal: Principal): Promise<ServiceScope> {
    if (principal.type === 'root') return { all: true, prefixes: new Set() };
    const who = await this.principalLayers(principal, this.options.watch.generation);
    return servicesAllowedBy(who.identity.map((p) => p.policy));
  }

  /** The most recent denials, newest last (the control API's GET /_gatehouse/authorization/denials). */
  recentDenials(requestId?: string): readonly DenialRecord[] {
    return requestId === undefined ? [...this.denials] : this.denials.filter((d) => d.requestId === requestId);
  }

  private deny(call: AuthorizationCall, decision: Decision): void {
    const enforced = (this.options.mode ?? 'enforce') === 'enforce';
    const record: DenialRecord = {
      requestId: call.requestId,
      at: this.options.clock.now().toISOString(),
      principal: call.principal.arn,
      action: call.request.action,
      resource: decision.resource,
      decision: decision.decision,
      layer: decision.layer,
      ...(decision.statement ? { policy: decision.statement.policyId, statement: { index: decision.statement.index, sid: decision.statement.sid } } : {}),
      message: decision.message,
      enforced,
    };
    this.denials.push(record);
    if (this.denials.length > (this.options.keepDenials ?? 100)) this.denials.shift();
    this.options.log.info({ requestId: call.requestId, principal: record.principal, action: record.action, resource: record.resource, layer: record.layer, policy: record.policy, enforced }, 'access denied');
    if (!enforced) return;
    const headers = this.options.explainDenials ? this.explanationHeaders(call, decision, record) : undefined;
    throw new ServiceError(accessDeniedCode(call), decision.message, { status: 403, ...(headers ? { headers } : {}) });
  }

  /** x-gatehouse-denial (one line) and, with the server's key, x-gatehouse-authorization-message: the details sealed
   * as `aws sts decode-authorization-message` reads them. */
  private explanationHeaders(call: AuthorizationCall, decision: Decision, record: DenialRecord): Record<string, string> {
    const headers: Record<string, string> = { 'x-gatehouse-denial': explanation(record) };
    const { sealer } = this.options;
    if (!sealer) return headers;
    const statement = decision.statement;
    const conditions: Record<string, readonly string[]> = {};
    for (const [key, value] of Object.entries(call.request.context)) conditions[key] = typeof value === 'string' ? [value] : value;
    headers['x-gatehouse-authorization-message'] = encodeAuthorizationMessage(
      {
        allowed: false,
        explicitDeny: decision.decision === 'ExplicitDeny',
        matchedStatements: statement ? [{ policyId: statement.policyId, statementIndex: statement.index, ...(statement.sid !== undefined ? { sid: statement.sid } : {}), effect: 'Deny' }] : [],
        principal: { id: call.principal.userId, arn: call.principal.arn },
        action: call.request.action,
        resource: decision.resource,
        conditions,
      },
      sealer,
    );
    return headers;
  }

  private async principalLayers(principal: Principal, generation: number): Promise<PrincipalLayers> {
    const key = principalKey(principal);
    const cached = this.cached(this.principals, key, generation);
    if (cached) return cached.value;
    const { source } = this.options;
    const found = await source.identityPolicies(principal);
    const session = principal.session;
    let sessionPolicies: NamedPolicy[] | undefined;
    // a federated user's session policies are its only grant: without any it may do nothing (AWS)
    if (principal.type === 'federated-user') sessionPolicies = [];
    if (session && (session.policy !== undefined || (session.policyArns?.length ?? 0) > 0)) {
      sessionPolicies = [];
      if (session.policy !== undefined) this.push(sessionPolicies, { id: 'session policy', document: session.policy });
      for (const arn of session.policyArns ?? []) {
        const document = await source.managedPolicy(principal.accountId, arn);
        if (document !== undefined) this.push(sessionPolicies, { id: arn, document });
      }
    }
    if (sessionPolicies?.length === 0) this.push(sessionPolicies, { id: 'no session policy', document: NOTHING });
    const identity: NamedPolicy[] = [];
    for (const p of found.identity) this.push(identity, p);
    const value: PrincipalLayers = {
      identity,
      boundary: found.boundary ? this.named(found.boundary) : undefined,
      session: sessionPolicies,
      tags: found.tags,
    };
    remember(this.principals, key, { generation, value });
    return value;
  }

  private async accountLayers(accountId: string, generation: number): Promise<AccountLayers> {
    const cached = this.cached(this.accounts, accountId, generation);
    if (cached) return cached.value;
    const controls = await this.options.source.accountControls(accountId);
    const value: AccountLayers = {
      scpLevels: controls.scpLevels.map((level) => {
        const named: NamedPolicy[] = [];
        for (const p of level) this.push(named, p);
        return named;
      }),
      orgId: controls.organizationId,
      orgPaths: controls.orgPath !== undefined ? [controls.orgPath] : undefined,
    };
    remember(this.accounts, accountId, { generation, value });
    return value;
  }

  private async trustLayer(roleArn: string, generation: number): Promise<ResourcePolicyLayer | undefined> {
    const cached = this.cached(this.trusts, roleArn, generation);
    if (cached) return cached.value;
    const trust = await this.options.source.trustPolicy(roleArn);
    const policy = trust ? this.named({ id: roleArn, document: trust.document }) : undefined;
    const value: ResourcePolicyLayer | undefined = trust && policy ? { policy, account: trust.account, kind: 'trust' } : undefined;
    remember(this.trusts, roleArn, { generation, value });
    return value;
  }

  private push(out: NamedPolicy[], text: PolicyText): void {
    const named = this.named(text);
    if (named) out.push(named);
  }

  /** A stored document compiled; one that no longer compiles (stored before validation on write) is left out. */
  private named(text: PolicyText): NamedPolicy | undefined {
    try {
      return { id: text.id, policy: this.compiled.compile(text.document) };
    } catch (error) {
      if (!(error instanceof PolicySyntaxError)) throw error;
      this.options.log.warn({ policy: text.id, reason: error.message }, 'a stored policy does not compile: it grants and denies nothing');
      return undefined;
    }
  }
}

/** The error code of a denial: the service's AccessDeniedException shape where its model has one (JSON services),
 * else AWS's query-protocol AccessDenied (IAM, STS). */
function accessDeniedCode(call: AuthorizationCall): string {
  return call.service.model.shapes['AccessDeniedException'] ? 'AccessDeniedException' : 'AccessDenied';
}

/** One line for the x-gatehouse-denial header: the layer, and the policy and statement that decided. */
function explanation(record: DenialRecord): string {
  const kind = record.decision === 'ExplicitDeny' ? 'explicit deny' : 'no allow';
  const where = record.policy !== undefined ? ` in ${record.policy} statement ${record.statement?.sid ?? `#${record.statement?.index ?? 0}`}` : '';
  return `${kind} (${record.layer})${where}`;
}

/** node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; policies name a.b.c.d. */
function plainIp(ip: string | undefined): string | undefined {
  return ip?.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= MAX_CACHED && !map.has(key)) map.clear();
  map.set(key, value);
}
