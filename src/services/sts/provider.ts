import type { GetCallerIdentityRequest, GetCallerIdentityResponse, StsApi } from '../../aws/api/sts.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';

/** STS, wire <-> domain. GetCallerIdentity answers from the authenticated principal; it is never denied. */
export class StsProvider implements Partial<StsApi> {
  async GetCallerIdentity(_input: GetCallerIdentityRequest, ctx: OperationContext): Promise<GetCallerIdentityResponse> {
    const principal = ctx.principal;
    if (!principal) throw new Error('GetCallerIdentity reached without a principal');
    return { UserId: principal.userId, Account: principal.accountId, Arn: principal.arn };
  }
}
