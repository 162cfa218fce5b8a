import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Db, QueryBuilder, Tx } from "./database.js";
import { driverError } from "./errors.js";
import { outermost } from "./nesting.js";
import { POSTGRES_MIGRATIONS } from "./migrations-folder.js";
import { DatabaseUnavailableError, describePostgresProblem, redactUrl } from "./postgres-problems.js";
import * as pgSchema from "./schema.pg.js";
import type * as schema from "./schema.js";

/**
 * Connections per pool (a bot has two: its requests and scheduler, and its delivery thread); each
 * transaction holds one briefly. Small, so that replicas stay far below the server's
 * max_connections (100 by default).
 */
const POOL_SIZE = 5;
/** Any number of replicas may start at once; one of them migrates while the others wait on this lock. */
const MIGRATION_LOCK = 7_351_920_114;
/** Deadlocks and serialization failures are the server's way of saying "run it again". */
const RETRYABLE = new Set(["40001", "40P01"]);
const ATTEMPTS = 3;

/**
 * Opens a pool on the PostgreSQL database at `url`, proves it answers, and applies pending
 * migrations. Every problem a person can fix (bad URL, server down, wrong password, missing
 * database or rights) becomes one DatabaseUnavailableError that names DATABASE_URL and the fix.
 */
export async function openPostgres(url: string, options: { migrate?: boolean; readonly?: boolean } = {}): Promise<Db> {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      connectionTimeoutMillis: 10_000,
      // Read-only sessions: the server itself refuses a write (a backtest must change nothing).
      ...(options.readonly ? { options: "-c default_transaction_read_only=on" } : {}),
    });
  } catch (err) {
    throw new DatabaseUnavailableError(describePostgresProblem(err, url));
  }
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (options.migrate !== false && !options.readonly) await migrateLocked(client, POSTGRES_MIGRATIONS);
      else await client.query("SELECT 1");
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(describePostgresProblem(driverError(err), url));
  }
  return new PostgresDb(pool, redactUrl(url));
}

/** Applies pending migrations, one process at a time (the others then find nothing left to do). */
export async function migrateLocked(client: pg.PoolClient | pg.Client, migrationsFolder: string): Promise<void> {
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
}

class PostgresDb implements Db {
  readonly engine = "postgres" as const;
  private readonly root: Tx;
  /**
   * One builder per pooled connection, so that queries prepared on it (prepared.ts) run on that
   * connection: drizzle's own transaction() makes a new builder each time, and a prepared query
   * would then be built again in every transaction.
   */
  private readonly onConnection = new WeakMap<pg.PoolClient, Tx>();

  constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {
    this.root = asTx(drizzle(pool, { schema: pgSchema }));
  }

  /** READ COMMITTED, run again when the server picks it as a deadlock's victim (40P01; 40001 would be a serialization failure). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return outermost(this, () => this.retrying(() => this.once(fn)));
  }

  /** Each statement on its own, on any pooled connection: not one snapshot (database.ts). */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return outermost(this, async () => {
      try {
        return await fn(this.root);
      } catch (err) {
        throw driverError(err);
      }
    });
  }

  /** The statement commits by itself, on any pooled connection: no BEGIN, no COMMIT; a deadlock's victim runs again, as a transaction does. */
  autocommit<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return outermost(this, () => this.retrying(() => fn(this.root)));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async retrying<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (wrapped) {
        const err = driverError(wrapped);
        if (attempt >= ATTEMPTS || !RETRYABLE.has((err as { code?: string }).code ?? "")) throw err;
      }
    }
  }

  private async once<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose ROLLBACK failed is in an unknown state: the pool closes it instead of reusing it.
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await fn(this.txOn(client));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch((rollbackErr: Error) => (broken = rollbackErr));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private txOn(client: pg.PoolClient): Tx {
    let tx = this.onConnection.get(client);
    if (!tx) {
      tx = asTx(drizzle(client, { schema: pgSchema }));
      this.onConnection.set(client, tx);
    }
    return tx;
  }
}

/**
 * The PostgreSQL builder and tables, seen through the type repositories are written against
 * (database.ts says why one type serves both engines).
 */
function asTx(q: object): Tx {
  return { q: q as unknown as QueryBuilder, t: pgSchema as unknown as typeof schema, engine: "postgres" };
}
