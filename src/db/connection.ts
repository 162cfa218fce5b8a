import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  readonly db: Db;
  close(): void;
}

/** The committed drizzle-kit migrations; same relative place from src/ (tests) and dist/ (built). */
const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/sqlite", import.meta.url));

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas the bot relies on and applies
 * pending migrations (unless told the database is migrated already, as the delivery thread's is).
 * ":memory:" gives a private database, as tests use.
 */
export function createDb(path: string, options: { migrate?: boolean } = {}): DbHandle {
  if (path !== ":memory:" && !path.startsWith("file:")) {
    mkdirSync(dirname(path), { recursive: true });
  }
  const sqlite = new Database(path);
  // WAL lets readers go on while the scheduler or a listener writes; busy_timeout makes a second
  // process wait for the lock instead of failing at once.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  cachePreparedStatements(sqlite);
  const db = immediateTransactions(drizzle(sqlite, { schema }));
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db, close: () => sqlite.close() };
}

/** Enough for every distinct query the app runs; dynamic SQL beyond it is simply not cached. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Drizzle asks better-sqlite3 to prepare every query anew on each run, and preparing costs more
 * than running. Reuse statements by SQL text; drizzle switches a statement to raw mode when it maps
 * columns itself, so a reused one is switched back first.
 */
function cachePreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const stmt = prepare(source);
    if (cache.size < STATEMENT_CACHE_SIZE) cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

/**
 * Every transaction starts with BEGIN IMMEDIATE unless told otherwise. The bot has more than one
 * connection (delivery has its own), and a deferred transaction that reads first cannot take the
 * write lock once another connection has committed: SQLite then fails it at once with "database is
 * locked", without waiting. Taking the lock up front lets busy_timeout apply.
 */
function immediateTransactions(db: Db): Db {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) => transaction(fn, { behavior: "immediate", ...config })) as Db["transaction"];
  return db;
}
