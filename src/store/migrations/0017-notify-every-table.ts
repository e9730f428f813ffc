// Other processes learn of writes to every table, not only the policy tables of migration 0015: the authorize
// step caches what its resolvers read (an organization's id, a policy's ARN, an instance's owner...) under a watch
// of the whole store, and a replica must hear of any write that could change such an answer. On PostgreSQL each
// table 0015 left out gets the same statement-level trigger; SQLite needs none (other processes' commits are seen
// through PRAGMA data_version). A migration that adds a table adds its trigger too (test/store checks every table).
// Frozen once released: Kysely<any>; the tables are those of the schema when it runs, all made by the migrations
// before it, so what it does is the same everywhere.

import { sql, type Kysely, type Migration } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

export const notifyEveryTable: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    if (!isPostgres(db)) return;
    const { rows } = await sql<{ table_name: string }>`
      select c.relname as table_name
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and c.relname not like 'kysely\\_%'
        and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = c.relname || '_notify_write')
      order by c.relname`.execute(db);
    for (const { table_name: table } of rows) {
      await sql`create trigger ${sql.id(`${table}_notify_write`)} after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function gatehouse_notify_write()`.execute(db);
    }
  },
};
