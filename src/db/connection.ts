import type { Db } from "./database.js";
import { openSqlite } from "./sqlite.js";

export type { Db, Tx, Engine } from "./database.js";

/** Where the database is: a SQLite file (or ":memory:"), or a PostgreSQL server. */
export type DatabaseLocation = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };

/**
 * Opens the bot's database and applies pending migrations (unless told it is migrated already, as
 * the delivery thread's is).
 */
export async function openDatabase(location: DatabaseLocation, options: { migrate?: boolean } = {}): Promise<Db> {
  if (location.engine === "sqlite") return openSqlite(location.path, options);
  const { openPostgres } = await import("./postgres.js");
  return openPostgres(location.url, options);
}
