// Other processes learn of writes that change what a request is authorized to do (policies, their attachments,
// principals, group membership, tags, the organization's tree and SCPs): on PostgreSQL each of these tables gets a
// statement-level trigger that NOTIFYs `gatehouse_writes` with "<schema>.<table>" (delivered at commit, identical
// notifications of one transaction folded into one). SQLite needs none: one process owns the file's caches.
// Frozen once released: Kysely<any>, never `Database`; the table list is this migration's own.

import { sql, type Kysely, type Migration } from 'kysely';

const WATCHED_TABLES = [
  'roles',
  'role_attached_policies',
  'role_inline_policies',
  'iam_users',
  'iam_groups',
  'iam_group_members',
  'iam_user_inline_policies',
  'iam_user_attached_policies',
  'iam_group_inline_policies',
  'iam_group_attached_policies',
  'iam_policies',
  'iam_policy_versions',
  'iam_tags',
  'organizations',
  'org_units',
  'org_accounts',
  'org_policies',
  'org_policy_types',
  'org_policy_attachments',
] as const;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

export const writeNotifications: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    if (!isPostgres(db)) return;
    await sql`
      create or replace function gatehouse_notify_write() returns trigger language plpgsql as $$
      begin
        perform pg_notify('gatehouse_writes', tg_table_schema || '.' || tg_table_name);
        return null;
      end $$`.execute(db);
    for (const table of WATCHED_TABLES) {
      await sql`create trigger ${sql.id(`${table}_notify_write`)} after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function gatehouse_notify_write()`.execute(db);
    }
  },
};
