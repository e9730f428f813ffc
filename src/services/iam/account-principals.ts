// IAM's part of the access report (src/control/access-report.ts): the accounts a report names by name, and every
// principal an account has (its IAM users and roles; the root user is implied), as the authenticator would see them.
// Reads only; one indexed range per account.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';

type Db = Kysely<Database>;

export interface AccountName {
  readonly id: string;
  readonly name: string;
}

/** An IAM user or role: enough to build the Principal the authenticator would (the id is aws:userid's stem). */
export interface IamEntity {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

export interface AccountEntities {
  readonly users: readonly IamEntity[];
  readonly roles: readonly IamEntity[];
}

export class AccountPrincipals {
  constructor(private readonly db: Db) {}

  /** Accounts with this name (compared without case; names are not unique across accounts), by id. */
  async accountsNamed(name: string): Promise<readonly AccountName[]> {
    return await this.db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .orderBy('id')
      .execute();
  }

  /** The accounts with these ids that exist. */
  async accountNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Every IAM user and role of the account, in name order. */
  async entitiesOf(accountId: string): Promise<AccountEntities> {
    const users = await this.db.selectFrom('iam_users').select(['id', 'name', 'arn']).where('account_id', '=', accountId).orderBy('name_lower').execute();
    const roles = await this.db.selectFrom('roles').select(['id', 'name', 'arn']).where('account_id', '=', accountId).orderBy('name_lower').execute();
    return { users, roles };
  }

  /** The user or role of that name (IAM names are unique per account whatever the path), or undefined. */
  async entity(accountId: string, kind: 'user' | 'role', name: string): Promise<IamEntity | undefined> {
    const table = kind === 'user' ? 'iam_users' : 'roles';
    return await this.db
      .selectFrom(table)
      .select(['id', 'name', 'arn'])
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
  }
}
