import { afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { LeaseRepo } from "../../src/db/lease-repo.js";
import { testDb } from "../support/db.js";

let db: Db;
beforeEach(async () => {
  db = await testDb();
});
afterEach(() => db.close());

it("refuses a transaction or read started inside another, and the outer one still commits", async () => {
  const inner: unknown[] = [];
  await db.transaction(async (tx) => {
    await new LeaseRepo(tx).tryAcquire("outer", "me", 0, 1_000);
    inner.push(await db.transaction(async () => "nested").catch((err: Error) => err.message));
    inner.push(await db.read(async () => "nested read").catch((err: Error) => err.message));
  });
  expect(inner).toEqual(["a transaction was started inside another one; pass its Tx instead", "a transaction was started inside another one; pass its Tx instead"]);
  // After it, transactions start as usual.
  expect(await db.transaction((tx) => new LeaseRepo(tx).tryAcquire("outer", "someone else", 0, 1_000))).toBe(false);
  expect(await db.transaction((tx) => new LeaseRepo(tx).tryAcquire("outer", "me", 0, 1_000))).toBe(true);
});
