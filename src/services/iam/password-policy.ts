import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { entityErrors } from './entity-errors.js';

// The account password policy as it applies to a new console password (CreateLoginProfile, UpdateLoginProfile).
// The policy is the account's row in iam_password_policies (UpdateAccountPasswordPolicy writes it): the
// PasswordPolicy settings as JSON, read here with keys matched case-insensitively. Without a row nothing is
// enforced here. Expiry and reuse prevention concern password changes over time, not whether a password conforms.

/** IAM's non-alphanumeric characters for RequireSymbols. */
const symbols = new Set("!@#$%^&*()_+-=[]{}|'");

/** The minimum length IAM applies when a stored policy does not set one. */
const defaultMinimumLength = 6;

export async function checkPassword(db: Kysely<Database>, accountId: string, password: string): Promise<void> {
  const row = await db.selectFrom('iam_password_policies').select('policy').where('account_id', '=', accountId).executeTakeFirst();
  if (!row) return;
  const settings = new Map(Object.entries(JSON.parse(row.policy) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const minimum = settings.get('minimumpasswordlength');
  const rules: [string, (c: string) => boolean][] = [
    ['requiresymbols', (c) => symbols.has(c)],
    ['requirenumbers', (c) => c >= '0' && c <= '9'],
    ['requireuppercasecharacters', (c) => c >= 'A' && c <= 'Z'],
    ['requirelowercasecharacters', (c) => c >= 'a' && c <= 'z'],
  ];
  const characters = [...password];
  const conforms =
    characters.length >= (typeof minimum === 'number' ? minimum : defaultMinimumLength) &&
    rules.every(([setting, matches]) => settings.get(setting) !== true || characters.some(matches));
  if (!conforms) throw entityErrors.passwordPolicy();
}
