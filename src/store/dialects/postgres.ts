// PostgreSQL through a pg.Pool: for shared deployments with several server replicas.
// `?schema=<name>` puts everything in that schema (created if missing) by setting search_path as a startup
// parameter of every pooled connection: no extra round trip per connection or query.

import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DialectModule } from '../dialect.js';
import type { Database } from '../schema.js';

const INT8_OID = 20;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

// bigint columns hold epoch-ms times and counts: numbers in JavaScript. A value past 2^53 cannot be represented,
// so it fails the query rather than silently losing precision.
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('int8 value outside the safe integer range');
  return n;
}

// Per-pool type parsers: pg.types.setTypeParser would change every other pg user in the process.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export const postgresDialect: DialectModule = {
  name: 'postgres',
  matches: (url) => url.startsWith('postgres://') || url.startsWith('postgresql://'),
  async open(url, options) {
    const parsed = new URL(url);
    const schemaParam = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schemaParam !== null && !SCHEMA_NAME.test(schemaParam)) {
      throw new Error('schema in the database URL must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*)');
    }
    const o = options.postgres ?? {};
    const pool = new pg.Pool({
      connectionString: parsed.toString(),
      max: o.poolSize ?? 10,
      connectionTimeoutMillis: o.connectionTimeoutMs ?? 10_000,
      application_name: 'gatehouse',
      types,
      ...(schemaParam !== null ? { options: `-c search_path=${schemaParam}` } : {}),
    });
    // Without a listener an idle connection's error (server restart) would crash the process.
    pool.on('error', (err) => o.onPoolError?.(err));
    try {
      let schema: string;
      if (schemaParam !== null) {
        await createSchemaIfMissing(pool, schemaParam);
        schema = schemaParam;
      } else {
        const { rows } = await pool.query<{ s: string | null }>('select current_schema() as s');
        const current = rows[0]?.s;
        if (!current) throw new Error('PostgreSQL search_path names no existing schema; add ?schema=<name>');
        schema = current;
      }
      const listenForWrites = (onWrite: (table: string | undefined) => void) => listen(parsed.toString(), schema, onWrite, o.onPoolError);
      return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), schema, skipLocked: true, listenForWrites };
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  },
};

async function createSchemaIfMissing(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists "${schema}"`);
  } catch (err) {
    // Two servers starting together can both pass the IF NOT EXISTS check; the loser sees a unique violation.
    const code = (err as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  }
}

const WRITES_CHANNEL = 'gatehouse_writes';
const RELISTEN_DELAY_MS = 500;

/**
 * LISTENs on a connection of its own for the write notifications migration 0015's triggers send, passing on those of
 * this schema by table. A lost connection is reopened; what changed meanwhile is unknown, so it then reports
 * `undefined` (everything may have changed).
 */
async function listen(
  connectionString: string,
  schema: string,
  onWrite: (table: string | undefined) => void,
  onError: ((err: Error) => void) | undefined,
): Promise<() => Promise<void>> {
  const prefix = `${schema}.`;
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'gatehouse-listen' });
    next.on('notification', (message) => {
      const payload = message.payload ?? '';
      if (payload.startsWith(prefix)) onWrite(payload.slice(prefix.length));
    });
    next.on('error', (err) => {
      onError?.(err);
      reconnect(next);
    });
    next.on('end', () => reconnect(next));
    await next.connect();
    await next.query(`listen ${WRITES_CHANNEL}`);
    client = next;
  };

  const scheduleConnect = (): void => {
    retry = setTimeout(() => {
      connect().then(
        () => onWrite(undefined),
        (err: Error) => {
          onError?.(err);
          if (!stopped) scheduleConnect();
        },
      );
    }, RELISTEN_DELAY_MS);
    retry.unref();
  };

  const reconnect = (lost: pg.Client): void => {
    if (stopped || client !== lost) return;
    client = undefined;
    onWrite(undefined);
    lost.end().catch(() => undefined);
    scheduleConnect();
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
