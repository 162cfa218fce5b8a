import { fileURLToPath } from "node:url";

/** The committed drizzle-kit migrations of each engine; same relative place from src/ (tests) and dist/ (built). */
export const SQLITE_MIGRATIONS = fileURLToPath(new URL("../../migrations/sqlite", import.meta.url));
export const POSTGRES_MIGRATIONS = fileURLToPath(new URL("../../migrations/pg", import.meta.url));
