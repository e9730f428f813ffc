import type { GetCallerIdentityRequest, GetCallerIdentityResponse, GetSessionTokenRequest, GetSessionTokenResponse, StsApi } from '../../aws/api/sts.js';
import type { Principal } from '../../aws/auth/principal.js';
import { ServiceError } from '../../aws/errors.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { SessionCredentials } from '../iam/domain.js';

// STS, wire <-> domain. GetCallerIdentity answers from the authenticated principal and is never denied.
// GetSessionToken gives an IAM user or a root user temporary credentials that act as that same user (AWS: 15 minutes
// to 36 hours for users, 12 by default; at most one hour for root, the default too).

/** What STS needs of IAM: temporary credentials for a principal, kept until they expire. */
export interface StsIam {
  issueSessionCredentials(principal: Principal, expiresAt: number): Promise<SessionCredentials>;
}

const userSession = { defaultSeconds: 43_200 } as const;
const rootSession = { defaultSeconds: 3_600, maxSeconds: 3_600 } as const;

function caller(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('an STS operation reached its handler without a principal');
  return ctx.principal;
}

export class StsProvider implements Partial<StsApi> {
  constructor(private readonly iam: StsIam) {}

  async GetCallerIdentity(_input: GetCallerIdentityRequest, ctx: OperationContext): Promise<GetCallerIdentityResponse> {
    const principal = caller(ctx);
    return { UserId: principal.userId, Account: principal.accountId, Arn: principal.arn };
  }

  async GetSessionToken(input: GetSessionTokenRequest, ctx: OperationContext): Promise<GetSessionTokenResponse> {
    const principal = caller(ctx);
    if (principal.expiresAt !== undefined || (principal.type !== 'user' && principal.type !== 'root')) {
      throw new ServiceError('AccessDenied', 'Cannot call GetSessionToken with session credentials', { status: 403 });
    }
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
      // IAM users have no MFA devices here yet, so no code can be checked: refuse rather than pretend.
      throw new ServiceError('AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code', { status: 403 });
    }
    const seconds =
      principal.type === 'root'
        ? Math.min(input.DurationSeconds ?? rootSession.defaultSeconds, rootSession.maxSeconds)
        : (input.DurationSeconds ?? userSession.defaultSeconds);
    const { accessKeyId: _longTermKey, ...identity } = principal;
    const issued = await this.iam.issueSessionCredentials(identity, ctx.now.getTime() + seconds * 1000);
    return {
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        SessionToken: issued.sessionToken,
        Expiration: new Date(issued.expiresAt),
      },
    };
  }
}
