import type { PasswordPolicySettings } from './account-settings.js';
import { entityErrors } from './entity-errors.js';

// The account password policy as it applies to a new console password (CreateLoginProfile, UpdateLoginProfile): the
// length and the kinds of character it requires. Without a policy nothing is enforced here. Expiry and reuse
// prevention concern password changes over time, not whether a password conforms.

/** IAM's non-alphanumeric characters for RequireSymbols. */
const symbols = new Set("!@#$%^&*()_+-=[]{}|'");

/** PasswordPolicyViolation unless the password conforms to the account's policy (AccountSettings.passwordPolicy). */
export function checkPassword(policy: PasswordPolicySettings | undefined, password: string): void {
  if (!policy) return;
  const rules: [boolean, (c: string) => boolean][] = [
    [policy.requireSymbols, (c) => symbols.has(c)],
    [policy.requireNumbers, (c) => c >= '0' && c <= '9'],
    [policy.requireUppercaseCharacters, (c) => c >= 'A' && c <= 'Z'],
    [policy.requireLowercaseCharacters, (c) => c >= 'a' && c <= 'z'],
  ];
  const characters = [...password];
  const conforms = characters.length >= policy.minimumPasswordLength && rules.every(([required, matches]) => !required || characters.some(matches));
  if (!conforms) throw entityErrors.passwordPolicy();
}
