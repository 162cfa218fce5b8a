import { createDb, type DbHandle } from "../../src/db/connection.js";

/** A private, migrated in-memory database per test. */
export function testDb(): DbHandle {
  return createDb(":memory:");
}
