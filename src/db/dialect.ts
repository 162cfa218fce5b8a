import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Tx } from "./database.js";

/** The few pieces of SQL the two engines spell differently; everything else is written once. */

/** One key of a JSON column, as text (null when absent). */
export function jsonText(tx: Tx, column: SQLWrapper, key: string): SQL {
  return tx.engine === "postgres" ? sql`(${column} ->> ${sql.raw(`'${key}'`)})` : sql`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** `a` differs from `b`, nulls counting as values. */
export function distinctFrom(tx: Tx, a: SQLWrapper, b: unknown): SQL {
  return tx.engine === "postgres" ? sql`${a} IS DISTINCT FROM ${b}` : sql`${a} IS NOT ${b}`;
}

/** The larger of two values. */
export function greatest(tx: Tx, a: SQLWrapper, b: unknown): SQL {
  return tx.engine === "postgres" ? sql`GREATEST(${a}, ${b})` : sql`MAX(${a}, ${b})`;
}

/** Runs a statement written in SQL (each engine's builder names this differently). */
export async function runSql(tx: Tx, query: SQL): Promise<void> {
  if (tx.engine === "postgres") await (tx.q as unknown as { execute(q: SQL): Promise<unknown> }).execute(query);
  else await tx.q.run(query);
}

/**
 * A select that locks the rows it reads until the transaction ends. SQLite's write transaction
 * holds the whole database already, so there the query is left as it is.
 */
export function forUpdate<T>(tx: Tx, query: PromiseLike<T>): PromiseLike<T> {
  return tx.engine === "postgres" ? (query as unknown as { for(strength: "update"): PromiseLike<T> }).for("update") : query;
}

/** Rows of a query written in SQL. */
export async function querySql(tx: Tx, query: SQL): Promise<Record<string, unknown>[]> {
  if (tx.engine === "postgres") return (await (tx.q as unknown as { execute(q: SQL): Promise<{ rows: Record<string, unknown>[] }> }).execute(query)).rows;
  return tx.q.all<Record<string, unknown>>(query);
}

/**
 * Holds a named lock until the transaction ends, so decisions that read what others may be writing
 * at the same moment (a customer's third escalation, the fifth request for a feature) are taken one
 * after another. SQLite's write transaction holds the whole database already.
 */
export async function lockUntilCommit(tx: Tx, name: string): Promise<void> {
  if (tx.engine === "postgres") await runSql(tx, sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`);
}
