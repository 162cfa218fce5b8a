import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";

/** Runs a query on its own connection, closed afterwards (an open one would be cut by drop()). */
async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const rows = await query<{ found: string | null }>(url, `select to_regclass('public.${table}') as found`);
  return rows[0]?.found != null;
}

describe.skipIf(process.env.TEST_ENGINE !== "postgres")("throw-away PostgreSQL databases", () => {
  const made: TestDatabase[] = [];
  async function make(): Promise<TestDatabase> {
    const db = await createTestDatabase();
    made.push(db);
    return db;
  }
  afterEach(async () => {
    await Promise.all(made.splice(0).map((db) => db.drop()));
  });

  it("gives each call a database of its own, migrated", async () => {
    const [a, b] = [await make(), await make()];
    expect(a.url).not.toBe(b.url);
    // Copied from the migrated template: drizzle's journal is there, and so are its tables.
    const applied = await query<{ n: string }>(a.url, "select count(*) as n from drizzle.__drizzle_migrations");
    expect(Number(applied[0]?.n)).toBeGreaterThan(0);

    await query(a.url, "create table only_in_a (id integer)");
    expect(await tableExists(a.url, "only_in_a")).toBe(true);
    expect(await tableExists(b.url, "only_in_a")).toBe(false);
  });

  it("drop() removes the database, even with a connection still open", async () => {
    const db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    const open = new pg.Client({ connectionString: db.url });
    open.on("error", () => undefined); // the drop cuts it
    await open.connect();
    await db.drop();
    await open.end().catch(() => undefined);
    await expect(query(db.url, "select 1")).rejects.toThrow(/does not exist/);
    const admin = new URL(db.url);
    admin.pathname = "/postgres";
    expect(await query(admin.toString(), `select 1 from pg_database where datname = '${name}'`)).toHaveLength(0);
    await db.drop(); // a second time is harmless
  });

  it("makes 8 at once", async () => {
    const dbs = await Promise.all(Array.from({ length: 8 }, () => make()));
    expect(new Set(dbs.map((db) => db.url)).size).toBe(8);
    await Promise.all(dbs.map((db, i) => query(db.url, `create table t${i} (id integer)`)));
    for (const [i, db] of dbs.entries()) {
      expect(await tableExists(db.url, `t${i}`)).toBe(true);
      expect(await tableExists(db.url, `t${(i + 1) % 8}`)).toBe(false);
    }
  });
});
