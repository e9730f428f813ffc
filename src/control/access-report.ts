import type { Principal } from '../aws/auth/principal.js';
import type { AuthorizationQuestion } from '../aws/authz/engine-decider.js';
import { parseIamArn, partition, rootArn } from '../lib/arn.js';
import type { Clock } from '../lib/clock.js';
import { ACCESS_LEVELS, canonicalAction, serviceActions, servicePrefixes, type AccessLevel } from '../policy/action-catalogue.js';
import { policyTypeName, type Decision, type DecisionKind, type LayerName, type ServiceScope } from '../policy/index.js';
import type { AccountEntities, AccountName, IamEntity } from '../services/iam/account-principals.js';
import type { IdentityDirectory } from '../services/identitystore/ports.js';
import type { OrgMembership } from '../services/organizations/ports.js';
import type { AccessDirectory, IdentityStoreFacts, ProvisionedRole } from '../services/sso-admin/ports.js';
import { ControlError } from './control-area.js';

// The access report: who in the organization may do an action (who-can), and what one principal may do (what-can),
// decided by the policy engine exactly as the authorize step would decide a call (identity policies, boundary, the
// SCPs along the account's path). Principals are built as the authenticator builds them: the account's root, its
// IAM users, and a session of each role (judged by the role's policies); the AWSReservedSSO_ roles are shown as
// Identity Center sees them, with the permission set and the users and groups assigned it in that account.
// Reads only; every enumeration goes through the services' ports.

/** The engine, as the report asks it (EngineDecider). */
export interface AccessDecider {
  decision(question: AuthorizationQuestion): Promise<Decision>;
  allowedServices(principal: Principal): Promise<ServiceScope>;
}

/** IAM's part (src/services/iam/account-principals.ts). */
export interface AccountDirectory {
  accountsNamed(name: string): Promise<readonly AccountName[]>;
  accountNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  entitiesOf(accountId: string): Promise<AccountEntities>;
  entity(accountId: string, kind: 'user' | 'role', name: string): Promise<IamEntity | undefined>;
}

export interface AccessReportDeps {
  /** Undefined with --authorization off: there is no engine to ask (409). */
  readonly decider: AccessDecider | undefined;
  readonly accounts: AccountDirectory;
  /** The server's management account (IamDomain): its organization is the default scope. */
  readonly managementAccountId: () => Promise<string>;
  readonly organizations: OrgMembership;
  readonly identityCenter: AccessDirectory & { instanceOfAccount(accountId: string): Promise<IdentityStoreFacts | undefined> };
  readonly identities: Pick<IdentityDirectory, 'user' | 'userByName' | 'group' | 'membersOfGroup' | 'groupIdsOfUser'>;
  readonly region: string;
  readonly clock: Clock;
}

export type PrincipalKind = 'root' | 'iam-user' | 'iam-role' | 'sso-role';

/** A user or group assigned a permission set on the account; a group's members are listed. */
export type Assignee = { readonly type: 'USER'; readonly name: string } | { readonly type: 'GROUP'; readonly name: string; readonly members: readonly string[] };

export interface ReportedPrincipal {
  readonly accountId: string;
  readonly accountName: string;
  readonly kind: PrincipalKind;
  readonly name: string;
  /** What policies name: the root's, the user's or the role's ARN. */
  readonly arn: string;
  /** AWSReservedSSO_ roles: the permission set, who is assigned it on the account, and those users (groups expanded). */
  readonly permissionSet?: string;
  readonly assignments?: readonly Assignee[];
  readonly users?: readonly string[];
}

export interface Verdict {
  readonly decision: DecisionKind;
  /** The layer that decided (the granting one for Allow). */
  readonly layer: LayerName;
  readonly policy?: string;
  readonly statement?: { readonly index: number; readonly sid?: string };
  /** One line: what granted it, or which layer denied it and how. */
  readonly reason: string;
}

export type WhoCanEntry = ReportedPrincipal & Verdict;

export interface WhoCanReport {
  readonly action: string;
  readonly resource: string;
  readonly organizationId: string | null;
  readonly accounts: readonly { readonly id: string; readonly name: string }[];
  readonly evaluated: number;
  readonly allowed: number;
  /** The allowed principals; every principal with `all`. */
  readonly principals: readonly WhoCanEntry[];
}

export interface ServiceAccess {
  readonly service: string;
  /** Actions the service has. */
  readonly actions: number;
  readonly allowed: number;
  /** The allowed actions by access level. */
  readonly levels: Readonly<Record<AccessLevel, readonly string[]>>;
}

export interface WhatCanEntry extends ReportedPrincipal {
  /** The principal the engine was asked about (a role: a session of it). */
  readonly evaluatedAs: string;
  readonly services: readonly ServiceAccess[];
}

export interface WhatCanReport {
  readonly principal: string;
  readonly resource: '*';
  readonly sessions: readonly WhatCanEntry[];
}

/** Assignees already looked up in this report, by store, type and id. */
type AssigneeMemo = Map<string, Promise<Assignee>>;

interface Subject {
  readonly reported: ReportedPrincipal;
  readonly principal: Principal;
}

interface Scope {
  readonly organizationId: string | undefined;
  readonly accounts: readonly AccountName[];
}

const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACTION = /^[a-z0-9-]+:[a-z0-9_-]+$/i;
/** arn:partition:service:region:account:resource, the resource part non-empty. */
const ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/;
/** The session name the report's role sessions carry (Identity Center sessions: the user's name). */
const REPORT_SESSION = 'access-report';

export class AccessReport {
  constructor(private readonly deps: AccessReportDeps) {}

  async whoCan(query: { readonly action: string; readonly account?: string; readonly organization?: string; readonly resource?: string; readonly all?: boolean }): Promise<WhoCanReport> {
    const decider = this.decider();
    if (!ACTION.test(query.action)) throw new ControlError(400, `action must be service:Action, e.g. iam:CreateUser, not ${JSON.stringify(query.action)}.`);
    const action = await canonicalAction(query.action);
    if (!action) throw new ControlError(400, `${query.action} is not an AWS action (the Service Authorization Reference has no such action).`);
    const resource = query.resource ?? '*';
    if (resource !== '*' && !ARN.test(resource)) throw new ControlError(400, `resource must be an ARN (arn:aws:service:region:account:resource) or *, not ${JSON.stringify(resource)}.`);
    const scope = await this.scope(query.account, query.organization);
    const principals: WhoCanEntry[] = [];
    let evaluated = 0;
    let allowed = 0;
    const memo: AssigneeMemo = new Map();
    for (const account of scope.accounts) {
      for (const subject of await this.subjectsOf(account, memo)) {
        const decision = await decider.decision({ principal: subject.principal, request: { action, resources: [resource], context: {} }, region: this.deps.region });
        evaluated++;
        if (decision.decision === 'Allow') allowed++;
        if (decision.decision === 'Allow' || query.all) principals.push({ ...subject.reported, ...verdict(decision, subject.reported.kind) });
      }
    }
    return {
      action,
      resource,
      organizationId: scope.organizationId ?? null,
      accounts: scope.accounts.map((a) => ({ id: a.id, name: a.name })),
      evaluated,
      allowed,
      principals,
    };
  }

  async whatCan(query: { readonly principal: string; readonly service?: string; readonly organization?: string }): Promise<WhatCanReport> {
    const decider = this.decider();
    let only: string | undefined;
    if (query.service !== undefined) {
      only = query.service.toLowerCase();
      if (!(await serviceActions(only))) throw new ControlError(400, `${query.service} is not the prefix of an AWS service (e.g. iam, s3, organizations).`);
    }
    const sessions: WhatCanEntry[] = [];
    for (const subject of await this.subjectsNamed(query.principal, query.organization)) {
      const scope = await decider.allowedServices(subject.principal);
      const prefixes = only !== undefined ? [only] : scope.all ? await servicePrefixes() : [...scope.prefixes].sort();
      const services: ServiceAccess[] = [];
      for (const prefix of prefixes) {
        const actions = await serviceActions(prefix);
        if (!actions) continue; // a policy naming a service AWS does not have grants nothing
        const levels = Object.fromEntries(ACCESS_LEVELS.map((l) => [l, [] as string[]])) as Record<AccessLevel, string[]>;
        let count = 0;
        for (const a of actions) {
          const decision = await decider.decision({ principal: subject.principal, request: { action: a.name, resources: ['*'], context: {} }, region: this.deps.region });
          if (decision.decision !== 'Allow') continue;
          levels[a.level].push(a.name);
          count++;
        }
        if (count > 0 || only !== undefined) services.push({ service: prefix, actions: actions.length, allowed: count, levels });
      }
      sessions.push({ ...subject.reported, evaluatedAs: subject.principal.arn, services });
    }
    return { principal: query.principal, resource: '*', sessions };
  }

  private decider(): AccessDecider {
    if (!this.deps.decider) throw new ControlError(409, 'Authorization is off (gatehouse serve --authorization off): there is no policy engine to ask.');
    return this.deps.decider;
  }

  /** The organization's accounts (the management account's, or the one named), or the one account asked for. */
  private async scope(account: string | undefined, organization: string | undefined): Promise<Scope> {
    let organizationId: string | undefined;
    let ids: readonly string[];
    if (organization !== undefined) {
      if (!ORGANIZATION_ID.test(organization)) throw new ControlError(400, `organization must be an organization id (o-...), not ${JSON.stringify(organization)}.`);
      organizationId = organization;
      ids = await this.deps.organizations.memberAccountIds(organization);
      if (ids.length === 0) throw new ControlError(404, `No organization ${organization} on this server.`);
    } else {
      const management = await this.deps.managementAccountId();
      organizationId = (await this.deps.organizations.membershipOf(management))?.organization.id;
      ids = organizationId !== undefined ? await this.deps.organizations.memberAccountIds(organizationId) : [management];
    }
    const names = await this.deps.accounts.accountNames(ids);
    const accounts = ids.map((id) => ({ id, name: names.get(id) ?? id }));
    if (account === undefined) return { organizationId, accounts };
    const chosen = await this.account(account, accounts);
    const membership = await this.deps.organizations.membershipOf(chosen.id);
    return { organizationId: membership?.organization.id, accounts: [chosen] };
  }

  /** An account by id (any account on the server, standalone ones too) or by name (the organization's first). */
  private async account(wanted: string, inScope: readonly AccountName[]): Promise<AccountName> {
    if (ACCOUNT_ID.test(wanted)) {
      const name = (await this.deps.accounts.accountNames([wanted])).get(wanted);
      if (name === undefined) throw new ControlError(404, `No account ${wanted} on this server.`);
      return { id: wanted, name };
    }
    const lower = wanted.toLowerCase();
    const local = inScope.filter((a) => a.name.toLowerCase() === lower);
    const found = local.length > 0 ? local : await this.deps.accounts.accountsNamed(wanted);
    if (found.length === 0) throw new ControlError(404, `No account named ${JSON.stringify(wanted)} on this server.`);
    if (found.length > 1) throw new ControlError(400, `${found.length} accounts are named ${JSON.stringify(wanted)} (${found.map((a) => a.id).join(', ')}): give the account id.`);
    return found[0]!;
  }

  /** Every principal of an account: its root, IAM users, and a session of each role. */
  private async subjectsOf(account: AccountName, memo: AssigneeMemo): Promise<Subject[]> {
    const entities = await this.deps.accounts.entitiesOf(account.id);
    const sso = await this.ssoRoles(account.id);
    const subjects: Subject[] = [this.root(account)];
    for (const user of entities.users) subjects.push(this.user(account, user));
    for (const role of entities.roles) subjects.push(await this.roleSession(account, role, REPORT_SESSION, sso, memo));
    return subjects;
  }

  /** What-can's principal: a user, role, assumed-role or root ARN, an account id (its root), or an Identity Center
   * user name (every role session its assignments reach). */
  private async subjectsNamed(name: string, organization: string | undefined): Promise<Subject[]> {
    if (ACCOUNT_ID.test(name)) return [this.root(await this.account(name, []))];
    if (!name.startsWith('arn:')) return this.identityCenterSessions(name, organization);
    const named = parseIamArn(name, 'root', 'user', 'role', 'assumed-role');
    if (!named) throw new ControlError(400, `${name} is not the ARN of a root user, IAM user, role or assumed-role session.`);
    const account = await this.account(named.accountId, []);
    if (named.kind === 'root') return [this.root(account)];
    if (named.kind === 'user') return [this.user(account, await this.entity(account, 'user', named.name, name))];
    const session = named.kind === 'assumed-role';
    const entity = await this.entity(account, 'role', session ? named.roleName : named.name, name);
    return [await this.roleSession(account, entity, session ? named.sessionName : REPORT_SESSION, await this.ssoRoles(account.id), new Map())];
  }

  private async entity(account: AccountName, kind: 'user' | 'role', entityName: string, asked: string): Promise<IamEntity> {
    const found = await this.deps.accounts.entity(account.id, kind, entityName);
    if (!found) throw new ControlError(404, `No ${kind === 'user' ? 'IAM user' : 'role'} ${asked} on this server.`);
    return found;
  }

  /** An Identity Center user's role sessions, one per account and permission set its assignments reach. */
  private async identityCenterSessions(userName: string, organization: string | undefined): Promise<Subject[]> {
    const management = organization !== undefined ? await this.managementOf(organization) : await this.deps.managementAccountId();
    const instance = await this.deps.identityCenter.instanceOfAccount(management);
    if (!instance) throw new ControlError(404, `No Identity Center instance in the management account ${management}, so no user ${JSON.stringify(userName)}.`);
    const user = await this.deps.identities.userByName(instance.identityStoreId, userName);
    if (!user) throw new ControlError(404, `No Identity Center user ${JSON.stringify(userName)} in ${instance.identityStoreId}.`);
    const groupIds = await this.deps.identities.groupIdsOfUser(instance.identityStoreId, user.userId);
    const reachable = await this.deps.identityCenter.reachableRoles(instance.instanceArn, { userId: user.userId, groupIds });
    const names = await this.deps.accounts.accountNames([...new Set(reachable.map((r) => r.accountId))]);
    const subjects: Subject[] = [];
    const memo: AssigneeMemo = new Map();
    // one read of an account's provisioned roles, however many of them the user reaches there
    const ssoRolesOf = new Map<string, Promise<ReadonlyMap<string, ProvisionedRole>>>();
    for (const r of reachable) {
      const account = { id: r.accountId, name: names.get(r.accountId) ?? r.accountId };
      const role = await this.deps.accounts.entity(r.accountId, 'role', r.roleName);
      if (!role) continue;
      let sso = ssoRolesOf.get(r.accountId);
      if (!sso) ssoRolesOf.set(r.accountId, (sso = this.ssoRoles(r.accountId)));
      subjects.push(await this.roleSession(account, role, user.userName, await sso, memo));
    }
    return subjects;
  }

  private async managementOf(organization: string): Promise<string> {
    if (!ORGANIZATION_ID.test(organization)) throw new ControlError(400, `organization must be an organization id (o-...), not ${JSON.stringify(organization)}.`);
    const [first] = await this.deps.organizations.memberAccountIds(organization);
    const membership = first !== undefined ? await this.deps.organizations.membershipOf(first) : undefined;
    if (!membership) throw new ControlError(404, `No organization ${organization} on this server.`);
    return membership.organization.managementAccountId;
  }

  private root(account: AccountName): Subject {
    const arn = rootArn(account.id);
    return {
      reported: { accountId: account.id, accountName: account.name, kind: 'root', name: 'root', arn },
      principal: { type: 'root', accountId: account.id, arn, userId: account.id },
    };
  }

  private user(account: AccountName, user: IamEntity): Subject {
    return {
      reported: { accountId: account.id, accountName: account.name, kind: 'iam-user', name: user.name, arn: user.arn },
      principal: { type: 'user', accountId: account.id, arn: user.arn, userId: user.id },
    };
  }

  /** A session of the role, as STS or the portal would issue it (judged by the role's policies). */
  private async roleSession(account: AccountName, role: IamEntity, sessionName: string, sso: ReadonlyMap<string, ProvisionedRole>, memo: AssigneeMemo): Promise<Subject> {
    const principal: Principal = {
      type: 'assumed-role',
      accountId: account.id,
      arn: `arn:${partition}:sts::${account.id}:assumed-role/${role.name}/${sessionName}`,
      userId: `${role.id}:${sessionName}`,
      roleArn: role.arn,
      sessionName,
      session: { issuedAt: this.deps.clock.now().getTime() },
    };
    const base = { accountId: account.id, accountName: account.name, name: role.name, arn: role.arn };
    const provisioned = sso.get(role.name.toLowerCase());
    if (!provisioned) return { reported: { ...base, kind: 'iam-role' }, principal };
    const assignments = await Promise.all(provisioned.assignees.map((a) => this.assignee(provisioned.identityStoreId, a, memo)));
    const users = [...new Set(assignments.flatMap((a) => (a.type === 'USER' ? [a.name] : a.members)))].sort();
    return { reported: { ...base, kind: 'sso-role', permissionSet: provisioned.permissionSetName, assignments, users }, principal };
  }

  /** The account's AWSReservedSSO_ roles by lower-cased role name. */
  private async ssoRoles(accountId: string): Promise<ReadonlyMap<string, ProvisionedRole>> {
    return new Map((await this.deps.identityCenter.provisionedRoles(accountId)).map((r) => [r.roleName.toLowerCase(), r]));
  }

  /** A user's name, or a group's with its members; each looked up once per report. */
  private assignee(identityStoreId: string, a: ProvisionedRole['assignees'][number], memo: AssigneeMemo): Promise<Assignee> {
    const key = `${identityStoreId}/${a.type}/${a.id}`;
    let found = memo.get(key);
    if (!found) {
      const { identities } = this.deps;
      found =
        a.type === 'USER'
          ? identities.user(identityStoreId, a.id).then((u): Assignee => ({ type: 'USER', name: u?.userName ?? a.id }))
          : Promise.all([identities.group(identityStoreId, a.id), identities.membersOfGroup(identityStoreId, a.id)]).then(
              ([group, members]): Assignee => ({ type: 'GROUP', name: group?.displayName ?? a.id, members: members.map((m) => m.userName) }),
            );
      memo.set(key, found);
    }
    return found;
  }
}

/** The decision as the report shows it: the granting or denying policy and statement, and a line saying so. */
function verdict(decision: Decision, kind: PrincipalKind): Verdict {
  const s = decision.statement;
  const where = s ? `${s.policyId} statement ${s.sid ?? `#${s.index}`}` : undefined;
  let reason: string;
  if (decision.decision === 'Allow') {
    if (where) reason = `allowed by ${where}`;
    else reason = kind === 'root' ? 'the root user needs no identity policy (and no service control policy denies it)' : 'AWS requires no permission for it';
  }
  else if (decision.decision === 'ExplicitDeny') reason = `explicit deny in a ${policyTypeName(decision.layer)}${where ? `: ${where}` : ''}`;
  else reason = `no ${policyTypeName(decision.layer)} allows it`;
  return {
    decision: decision.decision,
    layer: decision.layer,
    ...(s ? { policy: s.policyId, statement: { index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}) } } : {}),
    reason,
  };
}
