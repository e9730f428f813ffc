import { ServiceError } from '../../aws/errors.js';
import { firstError, validatePolicy, type PolicyUse } from '../../policy/index.js';

// IAM's answer to a policy document it will not store: the policy engine's validation (src/policy/validate.ts, the one
// grammar checker every service shares) for the document's use, its first error as MalformedPolicyDocument with the
// engine's words, which are IAM's.

/** Throws MalformedPolicyDocument when IAM refuses the document as a policy of this use. */
export async function checkPolicyDocument(text: string, use: Extract<PolicyUse, 'identity' | 'managed' | 'trust' | 'session'>): Promise<void> {
  const error = firstError(await validatePolicy(text, use));
  if (error) throw new ServiceError('MalformedPolicyDocumentException', error.message);
}
