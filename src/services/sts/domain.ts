import type { Principal, SessionAttributes } from '../../aws/auth/principal.js';
import {
  decodeAuthorizationMessage,
  decodedMessageDocument,
} from '../../aws/authz/authorization-message.js';
import { violation } from '../../aws/protocol/validate.js';
import { parseIamArn, partition } from '../../lib/arn.js';
import { accountOfAccessKeyId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { SessionCredentials } from '../iam/domain.js';
import { stsErrors } from './errors.js';
import type { StsIam } from './ports.js';
import { sessionContents, type RequestedContents } from './session-contents.js';

// STS's rules for the temporary credentials it issues. Every session goes through IAM's issueSessionCredentials with
// the principal it will act as, whose `session` carries what the authorize step needs (issue time, session policies,
// tags, source identity, MFA, chaining). Whether the caller may make the call (a role's trust policy for AssumeRole,
// identity policies, SCPs) is the authorize step's: a call that reaches this file has passed it.
//
// AssumeRole: IAM users and role sessions (not root: AWS refuses it; not federated users: their sessions call no STS
// operation but GetCallerIdentity) get a session of an existing role, in their account or another on this server, for
// 15 minutes up to the role's MaxSessionDuration (1 hour by default), or at most 1 hour when a role session assumes
// the role (role chaining), which also carries the calling session's transitive tags and source identity along.
// GetFederationToken: IAM users (12 hours by default, up to 36) and root (at most 1 hour) get a federated-user session
// bounded by their own permissions and the session policies. GetSessionToken: the caller itself, for a while.
// With SerialNumber and TokenCode (IAM users' virtual MFA devices), GetSessionToken and AssumeRole sessions carry
// the time of that authentication (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge).

const roleSession = { defaultSeconds: 3_600, chainedMaxSeconds: 3_600 } as const;
const userSession = { defaultSeconds: 43_200 } as const;
const rootSession = { defaultSeconds: 3_600, maxSeconds: 3_600 } as const;
const MAX_POLICY_ARNS = 10;

/** The session policies and tags a request passes, as the domain sees them. */
export type SessionRequest = Omit<RequestedContents, 'transitiveTagKeys'> & {
  readonly durationSeconds?: number | undefined;
};

export interface AssumeRoleRequest extends SessionRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly transitiveTagKeys?: readonly string[] | undefined;
  readonly sourceIdentity?: string | undefined;
  /** When the request's MFA code was checked (by the pipeline, before the trust policy); undefined without one. */
  readonly mfaAuthenticatedAt: number | undefined;
}

/** The MFA device and code a request passed (SerialNumber, TokenCode); both undefined without MFA. */
export interface MfaRequest {
  readonly serialNumber: string | undefined;
  readonly tokenCode: string | undefined;
}

export interface IssuedSession {
  readonly credentials: SessionCredentials;
  /** Who the credentials act as. */
  readonly principal: Principal;
  /** The packed size of the session policies and tags, in percent; undefined when the request passed none. */
  readonly packedPolicySize: number | undefined;
}

export class StsDomain {
  constructor(
    private readonly iam: StsIam,
    private readonly box: SecretBox,
  ) {}

  async assumeRole(caller: Principal, request: AssumeRoleRequest, now: number): Promise<IssuedSession> {
    const target = parseRoleArn(request.roleArn);
    if (caller.type === 'root') throw stsErrors.rootCannotAssumeRoles();
    const denied = () => stsErrors.notAuthorized(caller.arn, 'sts:AssumeRole', request.roleArn);
    if (caller.type === 'federated-user' || caller.type === 'anonymous') throw denied();
    const mfaAt = request.mfaAuthenticatedAt;
    const role = target && (await this.iam.role(target.accountId, target.name));
    if (!target || !role || role.path !== target.path) throw denied();

    const chained = caller.type === 'assumed-role';
    const seconds = request.durationSeconds ?? roleSession.defaultSeconds;
    if (chained && seconds > roleSession.chainedMaxSeconds) throw stsErrors.durationOverChainingLimit();
    if (seconds > role.maxSessionDuration) throw stsErrors.durationOverRoleMaximum();

    const inherited = caller.session;
    const sourceIdentity = inherited?.sourceIdentity ?? request.sourceIdentity;
    if (inherited?.sourceIdentity !== undefined && request.sourceIdentity !== undefined && request.sourceIdentity !== inherited.sourceIdentity) {
      throw stsErrors.sourceIdentityChanged(inherited.sourceIdentity);
    }
    const contents = await this.#contents(role.accountId, request, chained ? inherited : undefined);
    const session: SessionAttributes = {
      issuedAt: now,
      ...contents.attributes,
      ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
      // an MFA-authenticated calling session stays so in the session it creates (aws:MultiFactorAuthPresent)
      ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt } : inherited?.mfaAuthenticatedAt !== undefined ? { mfaAuthenticatedAt: inherited.mfaAuthenticatedAt } : {}),
      ...(chained ? { chained: true } : {}),
    };
    const principal: Principal = {
      type: 'assumed-role',
      accountId: role.accountId,
      // the assumed-role ARN names the role without its path
      arn: `arn:${partition}:sts::${role.accountId}:assumed-role/${role.name}/${request.sessionName}`,
      userId: `${role.roleId}:${request.sessionName}`,
      roleArn: role.arn,
      sessionName: request.sessionName,
      session,
    };
    const credentials = await this.iam.issueSessionCredentials(principal, now + seconds * 1000);
    return { credentials, principal, packedPolicySize: contents.packedPolicySize };
  }

  async getFederationToken(caller: Principal, name: string, request: SessionRequest, now: number): Promise<IssuedSession> {
    const seconds = longTermSessionSeconds(caller, 'GetFederationToken', request.durationSeconds);
    const contents = await this.#contents(caller.accountId, request, undefined);
    const principal: Principal = {
      type: 'federated-user',
      accountId: caller.accountId,
      arn: `arn:${partition}:sts::${caller.accountId}:federated-user/${name}`,
      userId: `${caller.accountId}:${name}`,
      issuerArn: caller.arn,
      session: { issuedAt: now, ...contents.attributes },
    };
    const credentials = await this.iam.issueSessionCredentials(principal, now + seconds * 1000);
    // AWS always answers PackedPolicySize here (0 without session policies or tags)
    return { credentials, principal, packedPolicySize: contents.packedPolicySize ?? 0 };
  }

  async getSessionToken(caller: Principal, request: { readonly durationSeconds?: number | undefined; readonly mfa: MfaRequest }, now: number): Promise<SessionCredentials> {
    const seconds = longTermSessionSeconds(caller, 'GetSessionToken', request.durationSeconds);
    const mfaAt = await this.#mfaTime(caller, request.mfa, now);
    const { accessKeyId: _longTermKey, ...identity } = caller;
    return this.iam.issueSessionCredentials({ ...identity, session: { issuedAt: now, ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt } : {}) } }, now + seconds * 1000);
  }

  /**
   * The account of an access key: the one on record for a key this server issued (in any state, expired included),
   * else the one the key id carries, as AWS reads it from any current key id without looking it up. A key id that is
   * neither is refused.
   */
  async accessKeyAccount(accessKeyId: string): Promise<string> {
    const account = (await this.iam.accessKeyAccount(accessKeyId)) ?? accountOfAccessKeyId(accessKeyId);
    if (account === undefined) throw stsErrors.unknownAccessKey(accessKeyId);
    return account;
  }

  /** AWS's decoded document for an encoded authorization message of a denial in the caller's own account. */
  decodeAuthorizationMessage(caller: Principal, encoded: string): string {
    const details = decodeAuthorizationMessage(encoded, this.box);
    // a denial's details are the denied account's business: another account's caller learns nothing from them
    if (!details || parseIamArn(details.principal.arn)?.accountId !== caller.accountId) throw stsErrors.invalidAuthorizationMessage();
    return decodedMessageDocument(details);
  }

  /**
   * AssumeRole's SerialNumber and TokenCode, checked by the pipeline before the trust policy (the service's
   * verifyMfa): its caller rules first, so root is refused as root and a federated user's refusal names the role
   * (the handler's, with no MFA looked at), then the code.
   */
  async assumeRoleMfaTime(caller: Principal, mfa: MfaRequest, now: number): Promise<number | undefined> {
    if (caller.type === 'root') throw stsErrors.rootCannotAssumeRoles();
    if (caller.type === 'federated-user' || caller.type === 'anonymous') return undefined;
    return this.#mfaTime(caller, mfa, now);
  }

  /**
   * When the request passed SerialNumber and TokenCode: checks the code against that device, which must be enabled
   * for the calling IAM user (root's and role sessions' MFA devices are not kept here), and returns the time of the
   * authentication; undefined without MFA. A code is accepted once. AWS's errors for half a pair, a caller that is
   * not an IAM user, a wrong or reused code.
   */
  async #mfaTime(caller: Principal, mfa: MfaRequest, now: number): Promise<number | undefined> {
    if (mfa.serialNumber === undefined && mfa.tokenCode === undefined) return undefined;
    if (mfa.serialNumber === undefined || mfa.tokenCode === undefined || caller.type !== 'user') throw stsErrors.mfaFailed();
    if (!(await this.iam.verifyMfaCode(caller.userId, mfa.serialNumber, mfa.tokenCode, now))) throw stsErrors.mfaInvalidCode();
    return now;
  }

  /** The checked session policies and tags, with what a calling role session passes on. */
  async #contents(accountId: string, request: RequestedContents, caller: SessionAttributes | undefined) {
    const arns = request.policyArns ?? [];
    if (arns.length > MAX_POLICY_ARNS) {
      throw stsErrors.tooManyPolicyArns(violation(arns.map((arn) => ({ arn })), 'policyArns', `Member must have length less than or equal to ${MAX_POLICY_ARNS}`));
    }
    if (request.policy !== undefined) await this.iam.checkSessionPolicy(request.policy);
    for (const arn of arns) {
      // AWS managed policies, or customer managed ones of the account the session is in
      if (!(await this.iam.managedPolicyExists(accountId, arn))) throw stsErrors.noSuchPolicy(arn);
    }
    return sessionContents(request, caller);
  }
}

/**
 * GetFederationToken's and GetSessionToken's rule: only an IAM user or root calling with long-term keys, for the
 * requested time or its default (root: at most 1 hour).
 */
function longTermSessionSeconds(caller: Principal, operation: 'GetFederationToken' | 'GetSessionToken', durationSeconds: number | undefined): number {
  if (caller.expiresAt !== undefined || (caller.type !== 'user' && caller.type !== 'root')) throw stsErrors.sessionCredentials(operation);
  return caller.type === 'root' ? Math.min(durationSeconds ?? rootSession.defaultSeconds, rootSession.maxSeconds) : (durationSeconds ?? userSession.defaultSeconds);
}

const arnPattern = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:[^:]+$/;

/** The role an ARN names; undefined when it is an ARN but no role's. Throws ValidationError for no ARN at all. */
function parseRoleArn(arn: string) {
  if (!arnPattern.test(arn)) throw stsErrors.invalidArn(arn);
  return parseIamArn(arn, 'role');
}
