// IAM's part of the access report (src/control/access-report.ts): the accounts a report names by name, and every
// principal an account has (its IAM users and roles; the root user is implied), as the authenticator would see them.
// Reads only, through IAM's stores; one indexed range per account.
import type { EntitiesStore } from './entities-store.js';
import type { IamStore } from './store.js';

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
  constructor(
    private readonly iam: IamStore,
    private readonly entities: EntitiesStore,
  ) {}

  /** Accounts with this name (compared without case; names are not unique across accounts), by id. */
  async accountsNamed(name: string): Promise<readonly AccountName[]> {
    return (await this.iam.accountsNamed(name)).map((a) => ({ id: a.id, name: a.name }));
  }

  /** The accounts with these ids that exist. */
  async accountNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return new Map((await this.iam.accounts(ids)).map((a) => [a.id, a.name]));
  }

  /** Every IAM user and role of the account, in name order. */
  async entitiesOf(accountId: string): Promise<AccountEntities> {
    const users = await this.entities.list('iam_users', accountId, undefined);
    const roles = await this.iam.roles(accountId);
    return { users: users.map(entity), roles: roles.map(entity) };
  }

  /** The user or role of that name (IAM names are unique per account whatever the path), or undefined. */
  async entity(accountId: string, kind: 'user' | 'role', name: string): Promise<IamEntity | undefined> {
    const row = kind === 'user' ? await this.entities.byName('iam_users', accountId, name) : await this.iam.role(accountId, name);
    return row && entity(row);
  }
}

function entity(row: IamEntity): IamEntity {
  return { id: row.id, name: row.name, arn: row.arn };
}
