import { DrizzleQueryError } from "drizzle-orm";

/**
 * The driver's own error behind drizzle's: drizzle wraps it in one whose message quotes the query
 * and its parameters, which are what people typed (they must not reach logs or /healthz), and whose
 * `code` is not the driver's (SQLSTATE for PostgreSQL, SQLITE_* for SQLite). Callers get the
 * driver's error, message and code as the engine gave them.
 */
export function driverError(err: unknown): unknown {
  let e = err;
  while (e instanceof DrizzleQueryError && e.cause !== undefined) e = e.cause;
  return e;
}
