import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema.js";

export type Engine = "sqlite" | "postgres";

/**
 * The query builder repositories are written against, once for both engines. Its type is drizzle's
 * SQLite builder over schema.ts; on PostgreSQL the object is drizzle's PostgreSQL builder over
 * schema.pg.ts, whose tables, columns and row types are the same (test/db/schema-parity.test.ts).
 * Repositories therefore only await builders (never SQLite's run/get/all), count changed rows with
 * `returning`, and take what differs between the engines from dialect.ts.
 */
export type QueryBuilder = BaseSQLiteDatabase<"async", unknown, typeof schema>;

/** Where repositories run their queries: one transaction (or one read) of one engine. */
export interface Tx {
  readonly q: QueryBuilder;
  /** The engine's tables (schema.ts or schema.pg.ts). */
  readonly t: typeof schema;
  readonly engine: Engine;
}

/**
 * The bot's database, whichever engine holds it. Every query runs inside `transaction` or `read`, so
 * a repository always knows the transaction it belongs to and SQLite's single connection never mixes
 * two callers' statements.
 */
export interface Db {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction: all of its writes commit together, or none (it rethrows). On
   * PostgreSQL a deadlock victim runs `fn` again from the start, so `fn` touches only the database.
   * A transaction (or read) started inside another is refused.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs reads that need no transaction of their own. On SQLite they see one snapshot; on
   * PostgreSQL each statement sees what was committed when it ran.
   */
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, whose one write statement is atomic on its own (an upsert, an update by key): on
   * PostgreSQL with no BEGIN and COMMIT around it, one round trip to the server instead of three;
   * on SQLite as `transaction` (its write lock taken up front, as there). `fn` must make one write
   * at most: two would commit one by one on PostgreSQL.
   */
  autocommit<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Where it is, for the log (a path, or the URL without its password). */
  readonly location: string;
  close(): Promise<void>;
}

/** The first row of a query's result, or undefined. */
export function first<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}
