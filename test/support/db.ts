import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, sql, type SQL } from "drizzle-orm";
import { openDatabase, type DatabaseLocation, type Db, type Tx } from "../../src/db/connection.js";
import { runSql } from "../../src/db/dialect.js";
import { createTestDatabase } from "./postgres.js";

/** The engine this test run is for: the vitest project sets TEST_ENGINE (SQLite when unset). */
export function testEngine(): "sqlite" | "postgres" {
  return process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";
}

let tempRoot: string | undefined;
let nextDatabase = 0;

/** A fresh database file; all of a test process's files are in one directory, removed when it exits. */
export function tempDatabasePath(): string {
  if (!tempRoot) {
    const root = mkdtempSync(join(tmpdir(), "escalation-test-"));
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
    tempRoot = root;
  }
  return join(tempRoot, `escalations-${nextDatabase++}.db`);
}

/**
 * A private, migrated database per test, on the run's engine: SQLite in memory, or a throw-away
 * PostgreSQL database that close() drops.
 */
export async function testDb(): Promise<Db> {
  if (testEngine() === "sqlite") return openDatabase({ engine: "sqlite", path: ":memory:" });
  const made = await createTestDatabase();
  let db: Db;
  try {
    // Copied from a migrated template: nothing to apply.
    db = await openDatabase({ engine: "postgres", url: made.url }, { migrate: false });
  } catch (err) {
    await made.drop();
    throw err;
  }
  return withClose(db, async () => {
    await db.close();
    await made.drop();
  });
}

/**
 * A database for a whole bot, which the bot opens (and migrates) itself: a file for SQLite, a
 * throw-away PostgreSQL database otherwise. It outlives any one bot, so a test can restart the bot
 * on it; drop() removes it (a SQLite file goes when the test process exits).
 */
export interface TestDatabase {
  /** DATABASE_PATH or DATABASE_URL, for the bot's environment. */
  readonly env: Record<string, string>;
  readonly location: DatabaseLocation;
  drop(): Promise<void>;
}

export async function testDatabase(): Promise<TestDatabase> {
  if (testEngine() === "sqlite") {
    const path = tempDatabasePath();
    return { env: { DATABASE_PATH: path }, location: { engine: "sqlite", path }, drop: async () => undefined };
  }
  const made = await createTestDatabase();
  return { env: { DATABASE_URL: made.url }, location: { engine: "postgres", url: made.url }, drop: () => made.drop() };
}

/**
 * Opens a database a bot uses (or used, or will), beside it, to look at or change rows the way a
 * test needs; migrated first, as the bot would (a no-op once the bot has).
 */
export function openTestDatabase(database: TestDatabase): Promise<Db> {
  return openDatabase(database.location);
}

/** `db` with another close(). */
function withClose(db: Db, close: () => Promise<void>): Db {
  return {
    engine: db.engine,
    location: db.location,
    transaction: (fn) => db.transaction(fn),
    read: (fn) => db.read(fn),
    autocommit: (fn) => db.autocommit(fn),
    close,
  };
}

/**
 * A repository whose every call runs in a transaction of its own, for tests that call one method at
 * a time: `await repoOn(db, OutboxRepo).markSent(1, now)`.
 */
export function repoOn<R extends object>(db: Db, Repo: new (tx: Tx) => R): R {
  const call =
    (method: PropertyKey) =>
    (...args: unknown[]): Promise<unknown> =>
      db.transaction((tx) => {
        const repo = new Repo(tx) as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>>;
        return repo[method]!(...args);
      });
  // Not a promise itself: `then` is absent, so awaiting the proxy by mistake gives the proxy.
  return new Proxy({} as R, { get: (_, method) => (method === "then" ? undefined : call(method)) });
}

type Tables = Tx["t"];
/** The tables whose rows are numbered; allRows gives them in that order (PostgreSQL keeps none of its own). */
type NumberedTable = "escalations" | "timelineEvents" | "outbox" | "timers";

/** Every row of a table, in id order. */
export function allRows<N extends NumberedTable>(db: Db, name: N): Promise<Tables[N]["$inferSelect"][]> {
  return db.read(async ({ q, t }) => {
    const table = t[name] as Tables["outbox"];
    return (await q.select().from(table).orderBy(asc(table.id))) as unknown as Tables[N]["$inferSelect"][];
  });
}

/** Rows of a query written in SQL (each engine's builder names this differently). */
export async function selectSql<T>(tx: Tx, query: SQL): Promise<T[]> {
  if (tx.engine === "postgres") return (await (tx.q as unknown as { execute(q: SQL): Promise<{ rows: T[] }> }).execute(query)).rows;
  return tx.q.all<T>(query);
}

/**
 * Makes the database refuse `events` on `table` with `message`, as a full disk would (a trigger,
 * in each engine's dialect); resolves to the undo.
 */
export async function refuseWrites(db: Db, table: string, events: readonly ("INSERT" | "UPDATE")[], message: string): Promise<() => Promise<void>> {
  const name = (event: string) => `refuse_${table}_${event.toLowerCase()}`;
  const quoted = message.replace(/'/g, "''");
  const run = (statements: string[]) =>
    db.transaction(async (tx) => {
      for (const statement of statements) await runSql(tx, sql.raw(statement));
    });
  if (db.engine === "sqlite") {
    await run(events.map((event) => `CREATE TRIGGER ${name(event)} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, '${quoted}'); END;`));
    return () => run(events.map((event) => `DROP TRIGGER ${name(event)};`));
  }
  const fn = `refuse_${table}`;
  await run([
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${quoted}'; END $$;`,
    ...events.map((event) => `CREATE TRIGGER ${name(event)} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}();`),
  ]);
  return () => run([...events.map((event) => `DROP TRIGGER ${name(event)} ON ${table};`), `DROP FUNCTION ${fn}();`]);
}
