import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

/** The committed PostgreSQL migrations; same relative place from src/ (tests) and dist/ (built). */
export const PG_MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/pg", import.meta.url));

/**
 * Applies the pending migrations to the PostgreSQL database at `url`, with a pool of its own that is
 * closed afterwards, so nothing stays connected (a test template cannot be copied while anyone is).
 */
export async function migratePostgres(url: string, migrationsFolder: string = PG_MIGRATIONS_DIR): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder });
  } finally {
    await pool.end();
  }
}
