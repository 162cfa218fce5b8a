import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { runSql } from "../../src/db/dialect.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "connection-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// SQLite's locking between two connections to one file; PostgreSQL locks rows, not the database.
describe.skipIf(process.env.TEST_ENGINE === "postgres")("openDatabase on SQLite", () => {
  it("starts every transaction with the write lock, so another connection's commit cannot make it fail mid-way", async () => {
    const path = join(dir, "db.sqlite");
    const db = await openDatabase({ engine: "sqlite", path });
    const other = new Database(path);
    other.pragma("busy_timeout = 0");
    try {
      await db.transaction(async (tx) => {
        await runSql(tx, sql`SELECT count(*) FROM leases`);
        // The other connection (the delivery thread's, say) cannot write in between...
        expect(() => other.prepare("INSERT INTO leases (name, holder, expires_at) VALUES ('x', 'y', 0)").run()).toThrow(/locked|busy/i);
        // ...so this transaction's own write goes through.
        await runSql(tx, sql`INSERT INTO leases (name, holder, expires_at) VALUES ('z', 'y', 0)`);
      });
      expect(other.prepare("SELECT count(*) AS n FROM leases").get()).toEqual({ n: 1 });
    } finally {
      other.close();
      await db.close();
    }
  });
});
