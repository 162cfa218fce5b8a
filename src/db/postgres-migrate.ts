import pg from "pg";
import { POSTGRES_MIGRATIONS } from "./migrations-folder.js";
import { migrateLocked } from "./postgres.js";

/**
 * Applies the pending migrations to the PostgreSQL database at `url` with a connection of its own,
 * closed afterwards, so nothing stays connected (a test template cannot be copied while anyone is).
 */
export async function migratePostgres(url: string, migrationsFolder: string = POSTGRES_MIGRATIONS): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrateLocked(client, migrationsFolder);
  } finally {
    await client.end();
  }
}
