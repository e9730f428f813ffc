import type { IamDomain } from '../iam/domain.js';

// What STS needs from other services (wired in src/server/services.ts).

/** IAM: the roles sessions are issued for, the managed policies and session policies a session may carry, the
 * accounts of access keys, IAM users' MFA codes, and the temporary credentials themselves (the one mechanism every session goes through). */
export type StsIam = Pick<IamDomain, 'issueSessionCredentials' | 'role' | 'managedPolicyExists' | 'checkSessionPolicy' | 'accessKeyAccount' | 'verifyMfaCode'>;
