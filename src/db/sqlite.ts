import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db, QueryBuilder, Tx } from "./database.js";
import * as schema from "./schema.js";
import { driverError } from "./errors.js";
import { outermost } from "./nesting.js";
import { SerialQueue } from "./serial-queue.js";
import { SQLITE_MIGRATIONS } from "./migrations-folder.js";

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas the bot relies on and applies
 * pending migrations (unless told the database is migrated already, as the delivery thread's is).
 * ":memory:" gives a private database, as tests use.
 */
export function openSqlite(path: string, options: { migrate?: boolean; readonly?: boolean } = {}): Db {
  if (options.readonly) return openSqliteReadonly(path);
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
  const drizzleDb = drizzle(sqlite, { schema });
  if (options.migrate !== false) migrate(drizzleDb, { migrationsFolder: SQLITE_MIGRATIONS });
  return new SqliteDb(sqlite, drizzleDb as unknown as QueryBuilder, path);
}

/**
 * The file as it is, read-only (a backtest, a report that must not touch it): it must exist, and no
 * pragma that writes (journal mode) or migration runs. SQLite itself refuses any write.
 */
function openSqliteReadonly(path: string): Db {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`cannot open the SQLite database at DATABASE_PATH=${path} read-only: ${(err as Error).message}`);
  }
  sqlite.pragma("busy_timeout = 5000");
  cachePreparedStatements(sqlite);
  return new SqliteDb(sqlite, drizzle(sqlite, { schema }) as unknown as QueryBuilder, path);
}

class SqliteDb implements Db {
  readonly engine = "sqlite" as const;
  private readonly queue = new SerialQueue();
  private readonly tx: Tx;
  // Prepared once: exec() would parse them again for every transaction.
  private readonly begin: Record<"write" | "read", Database.Statement>;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    q: QueryBuilder,
    readonly location: string,
  ) {
    this.tx = { q, t: schema, engine: "sqlite" };
    this.begin = { write: sqlite.prepare("BEGIN IMMEDIATE"), read: sqlite.prepare("BEGIN") };
    this.commit = sqlite.prepare("COMMIT");
    this.rollback = sqlite.prepare("ROLLBACK");
  }

  /**
   * BEGIN IMMEDIATE: the bot has more than one connection (delivery has its own), and a deferred
   * transaction that reads first cannot take the write lock once another connection has committed:
   * SQLite then fails it at once with "database is locked", without waiting. Taking the lock up
   * front lets busy_timeout apply.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inOrder("write", fn);
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inOrder("read", fn);
  }

  /** A transaction all the same: a write outside one would not wait its turn on this connection. */
  autocommit<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inOrder("write", fn);
  }

  async close(): Promise<void> {
    await this.queue.run(async () => this.sqlite.close());
  }

  private inOrder<T>(kind: "write" | "read", fn: (tx: Tx) => Promise<T>): Promise<T> {
    return outermost(this, () =>
      this.queue.run(async () => {
        this.begin[kind].run();
        try {
          const result = await fn(this.tx);
          this.commit.run();
          return result;
        } catch (err) {
          if (this.sqlite.inTransaction) this.rollback.run();
          throw driverError(err);
        }
      }),
    );
  }
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
