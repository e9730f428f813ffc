import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  Credentials,
  DecodeAuthorizationMessageRequest,
  DecodeAuthorizationMessageResponse,
  GetAccessKeyInfoRequest,
  GetAccessKeyInfoResponse,
  GetCallerIdentityRequest,
  GetCallerIdentityResponse,
  GetFederationTokenRequest,
  GetFederationTokenResponse,
  GetSessionTokenRequest,
  GetSessionTokenResponse,
  PolicyDescriptorType,
  StsApi,
  Tag,
} from '../../aws/api/sts.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { SessionCredentials } from '../iam/domain.js';
import type { SessionRequest, StsDomain } from './domain.js';

// STS, wire <-> domain. GetCallerIdentity answers from the authenticated principal and is never denied; the
// credential-issuing operations and the two look-ups are the domain's (domain.ts).

function caller(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('an STS operation reached its handler without a principal');
  return ctx.principal;
}

const credentials = (issued: SessionCredentials): Credentials => ({
  AccessKeyId: issued.accessKeyId,
  SecretAccessKey: issued.secretAccessKey,
  SessionToken: issued.sessionToken,
  Expiration: new Date(issued.expiresAt),
});

const sessionRequest = (input: {
  readonly Policy?: string;
  readonly PolicyArns?: readonly PolicyDescriptorType[];
  readonly Tags?: readonly Tag[];
  readonly DurationSeconds?: number;
}): SessionRequest => ({
  policy: input.Policy,
  // a descriptor without an arn names no policy: AWS ignores it
  policyArns: input.PolicyArns?.flatMap((p) => (p.arn === undefined ? [] : [p.arn])),
  tags: input.Tags?.map((t) => ({ key: t.Key, value: t.Value })),
  durationSeconds: input.DurationSeconds,
});

export class StsProvider implements Partial<StsApi> {
  constructor(private readonly sts: StsDomain) {}

  async GetCallerIdentity(_input: GetCallerIdentityRequest, ctx: OperationContext): Promise<GetCallerIdentityResponse> {
    const principal = caller(ctx);
    return { UserId: principal.userId, Account: principal.accountId, Arn: principal.arn };
  }

  async AssumeRole(input: AssumeRoleRequest, ctx: OperationContext): Promise<AssumeRoleResponse> {
    const issued = await this.sts.assumeRole(
      caller(ctx),
      {
        ...sessionRequest(input),
        roleArn: input.RoleArn,
        sessionName: input.RoleSessionName,
        transitiveTagKeys: input.TransitiveTagKeys,
        sourceIdentity: input.SourceIdentity,
        mfaAuthenticatedAt: ctx.mfaAuthenticatedAt,
      },
      ctx.now.getTime(),
    );
    const sourceIdentity = issued.principal.session?.sourceIdentity;
    return {
      Credentials: credentials(issued.credentials),
      AssumedRoleUser: { AssumedRoleId: issued.principal.userId, Arn: issued.principal.arn },
      ...(issued.packedPolicySize !== undefined ? { PackedPolicySize: issued.packedPolicySize } : {}),
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    };
  }

  async GetFederationToken(input: GetFederationTokenRequest, ctx: OperationContext): Promise<GetFederationTokenResponse> {
    const issued = await this.sts.getFederationToken(caller(ctx), input.Name, sessionRequest(input), ctx.now.getTime());
    return {
      Credentials: credentials(issued.credentials),
      FederatedUser: { FederatedUserId: issued.principal.userId, Arn: issued.principal.arn },
      PackedPolicySize: issued.packedPolicySize,
    };
  }

  async GetSessionToken(input: GetSessionTokenRequest, ctx: OperationContext): Promise<GetSessionTokenResponse> {
    const mfa = { serialNumber: input.SerialNumber, tokenCode: input.TokenCode };
    const issued = await this.sts.getSessionToken(caller(ctx), { durationSeconds: input.DurationSeconds, mfa }, ctx.now.getTime());
    return { Credentials: credentials(issued) };
  }

  async GetAccessKeyInfo(input: GetAccessKeyInfoRequest): Promise<GetAccessKeyInfoResponse> {
    return { Account: await this.sts.accessKeyAccount(input.AccessKeyId) };
  }

  async DecodeAuthorizationMessage(input: DecodeAuthorizationMessageRequest, ctx: OperationContext): Promise<DecodeAuthorizationMessageResponse> {
    return { DecodedMessage: this.sts.decodeAuthorizationMessage(caller(ctx), input.EncodedMessage) };
  }
}
