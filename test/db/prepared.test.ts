import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { prepared, type Placeholders } from "../../src/db/prepared.js";
import { testDb, testEngine } from "../support/db.js";

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(() => db.close());

/** Counts how often its query is built. */
function countingLeaseQueries(name: string) {
  let builds = 0;
  const upsert = prepared(`${name}_upsert`, (tx, p: Placeholders<{ name: string; holder: string; expiresAt: number }>) => {
    builds++;
    const l = tx.t.leases;
    const values = { name: p.name, holder: p.holder, expiresAt: p.expiresAt } as unknown as typeof l.$inferInsert;
    return tx.q.insert(l).values(values).returning();
  });
  const byName = prepared(`${name}_by_name`, (tx, p: Placeholders<{ name: string }>) => {
    builds++;
    return tx.q.select().from(tx.t.leases).where(eq(tx.t.leases.name, p.name));
  });
  return { upsert, byName, builds: () => builds };
}

describe("a prepared query", () => {
  it("is built once per connection, then runs with each call's values", async () => {
    const queries = countingLeaseQueries(`prepared_test_${testEngine()}_once`);
    for (let i = 0; i < 20; i++) {
      const written = await db.transaction((tx) => queries.upsert(tx, { name: `lease-${i}`, holder: `holder-${i}`, expiresAt: 1_000 + i }));
      expect(written).toEqual([{ name: `lease-${i}`, holder: `holder-${i}`, expiresAt: 1_000 + i }]);
    }
    const found = await Promise.all([3, 7, 19].map((i) => db.read((tx) => queries.byName(tx, { name: `lease-${i}` }))));
    expect(found.map((rows) => rows[0]?.holder)).toEqual(["holder-3", "holder-7", "holder-19"]);
    expect(await db.read((tx) => queries.byName(tx, { name: "nobody" }))).toEqual([]);
    // SQLite has one connection; a PostgreSQL pool has at most five, and reads use the pool as a whole.
    expect(queries.builds()).toBeLessThanOrEqual(testEngine() === "sqlite" ? 2 : 7);
  });

  it("rolls back with its transaction", async () => {
    const queries = countingLeaseQueries(`prepared_test_${testEngine()}_rollback`);
    await expect(
      db.transaction(async (tx) => {
        await queries.upsert(tx, { name: "kept?", holder: "h", expiresAt: 1 });
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await db.read((tx) => queries.byName(tx, { name: "kept?" }))).toEqual([]);
    // The connection is whole again: the next transaction on it commits.
    await db.transaction((tx) => queries.upsert(tx, { name: "kept", holder: "h", expiresAt: 1 }));
    expect(await db.read((tx) => queries.byName(tx, { name: "kept" }))).toHaveLength(1);
  });

  it("refuses a name already taken, which PostgreSQL would confuse with the other statement", () => {
    prepared("prepared_test_taken", (tx) => tx.q.select().from(tx.t.leases));
    expect(() => prepared("prepared_test_taken", (tx) => tx.q.select().from(tx.t.timers))).toThrow(/taken/);
    expect(() => prepared("Not A Name", (tx) => tx.q.select().from(tx.t.timers))).toThrow(/snake_case/);
  });
});
