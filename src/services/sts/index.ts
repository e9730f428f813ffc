import { model } from '../../aws/api/sts.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { authz } from './authz.js';
import { StsDomain } from './domain.js';
import type { StsIam } from './ports.js';
import { StsProvider } from './provider.js';

export type { StsIam } from './ports.js';

export interface StsDeps {
  readonly iam: StsIam;
  /** The server's secret box: it seals the authorization messages of denials, which DecodeAuthorizationMessage opens. */
  readonly box: SecretBox;
}

export function stsService(deps: StsDeps): ServiceDefinition {
  const domain = new StsDomain(deps.iam, deps.box);
  return defineService('sts', model, authz, new StsProvider(domain), {
    // AssumeRole is the only operation whose authz entry names MFA members (GetSessionToken checks its own code
    // after its caller rule, and no policy decides it on MFA)
    verifyMfa: (principal, serialNumber, tokenCode, now) => domain.assumeRoleMfaTime(principal, { serialNumber, tokenCode }, now),
  });
}
