import type { SsoCore } from './core.js';
import { instanceIdOf } from './ids.js';

// Answers authz.ts's resolverNames: the facts sso-admin's ARN templates and sso:ApplicationAccount need, for the
// authorize step before the operation runs. Anything unknown (an ARN that names no stored instance) is undefined, so
// the template authorizes against '*' and the operation answers its own error; bad input never throws here.

/** An application ARN carries the account that owns the application: arn:aws:sso::<account>:application/... */
const APPLICATION_ARN = /^arn:aws[a-z-]*:sso::(\d{12}):application\//;

export async function resolveSsoAuthzName(core: SsoCore, name: string, input: Record<string, unknown>): Promise<string | undefined> {
  switch (name) {
    case 'InstanceId': {
      const arn = input['InstanceArn'];
      return typeof arn === 'string' ? instanceIdOf(arn) : undefined;
    }
    case 'InstanceAccountId': {
      const arn = input['InstanceArn'];
      return typeof arn === 'string' ? (await core.q.instance(core.db, arn))?.owner_account_id : undefined;
    }
    case 'ApplicationAccount': {
      const arn = input['ApplicationArn'];
      return typeof arn === 'string' ? APPLICATION_ARN.exec(arn)?.[1] : undefined;
    }
    default:
      return undefined;
  }
}
