/**
 * A benchmark's view of the bot's database on either engine: the bot's own Db (for the services),
 * plus a plain driver connection for the benchmark's own counting and rerouting SQL, and the
 * environment that points the bot (`node dist/main.js`) at the same database.
 */
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { openDatabase, type Db, type Engine } from "../src/db/connection.js";
import { sqlite } from "./seed.js";

export const ENGINE_LABEL: Record<Engine, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/** One statement, or one per engine where their SQL differs; `?` placeholders on both. */
export type EngineSql = string | Record<Engine, string>;

export interface BenchStore {
  engine: Engine;
  db: Db;
  /** DATABASE_PATH or DATABASE_URL for the bot. */
  env: Record<string, string>;
  /** The first row (PostgreSQL returns counts and sums as strings: wrap them in Number()). */
  get<T>(sql: EngineSql, ...params: unknown[]): Promise<T>;
  /** Returns how many rows changed. */
  run(sql: EngineSql, ...params: unknown[]): Promise<number>;
  /** Statements in one transaction; on SQLite it takes the write lock at the start (as the bot's do). */
  runInTransaction(statements: [EngineSql, ...unknown[]][]): Promise<void>;
  close(): Promise<void>;
}

const pick = (sql: EngineSql, engine: Engine): string => (typeof sql === "string" ? sql : sql[engine]);

/** The SQLite file at `path`; raw statements run between the Db's transactions, never during one. */
export async function openSqliteStore(path: string): Promise<BenchStore> {
  const db = await openDatabase({ engine: "sqlite", path });
  const client: BetterSqlite3.Database = await sqlite(db);
  return {
    engine: "sqlite",
    db,
    env: { DATABASE_PATH: path },
    get: async <T>(sql: EngineSql, ...params: unknown[]) => client.prepare(pick(sql, "sqlite")).get(...params) as T,
    run: async (sql, ...params) => client.prepare(pick(sql, "sqlite")).run(...params).changes,
    runInTransaction: async (statements) => {
      client.transaction(() => {
        for (const [sql, ...params] of statements) client.prepare(pick(sql, "sqlite")).run(...params);
      }).immediate();
    },
    close: () => db.close(),
  };
}

/** PostgreSQL's deadlock and serialization failures: the statement is simply run again. */
const RETRYABLE = new Set(["40P01", "40001"]);

async function retried<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 5 || !RETRYABLE.has((err as { code?: string }).code ?? "")) throw err;
    }
  }
}

/**
 * The PostgreSQL database at `url` (migrated on open), with a small pool of its own for raw SQL.
 * The benchmark's bulk updates (marking a bot's unsent rows sent, routing a backlog) run while the
 * bot writes the same rows, so PostgreSQL may pick one of them as a deadlock's victim: retried.
 */
export async function openPostgresStore(url: string): Promise<BenchStore> {
  const db = await openDatabase({ engine: "postgres", url });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    engine: "postgres",
    db,
    env: { DATABASE_URL: url },
    get: async <T>(sql: EngineSql, ...params: unknown[]) => (await pool.query(numbered(pick(sql, "postgres")), params)).rows[0] as T,
    run: (sql, ...params) => retried(async () => (await pool.query(numbered(pick(sql, "postgres")), params)).rowCount ?? 0),
    runInTransaction: (statements) => retried(async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const [sql, ...params] of statements) await client.query(numbered(pick(sql, "postgres")), params);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    }),
    close: async () => {
      await pool.end();
      await db.close();
    },
  };
}
