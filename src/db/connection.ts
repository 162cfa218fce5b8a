import type { Db } from "./database.js";
import { openSqlite } from "./sqlite.js";

export type { Db, Tx, Engine } from "./database.js";

/** Where the database is: a SQLite file (or ":memory:"), or a PostgreSQL server. */
export type DatabaseLocation = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };

/**
 * Opens the bot's database and applies pending migrations (unless told it is migrated already, as
 * the delivery thread's is). `readonly`: nothing may be written (no migration either): a SQLite file
 * that must exist, opened read-only; PostgreSQL sessions whose transactions are read-only.
 */
export async function openDatabase(location: DatabaseLocation, options: { migrate?: boolean; readonly?: boolean } = {}): Promise<Db> {
  if (location.engine === "sqlite") return openSqlite(location.path, options);
  const { openPostgres } = await import("./postgres.js");
  return openPostgres(location.url, options);
}
