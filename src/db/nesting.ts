import { AsyncLocalStorage } from "node:async_hooks";

/** The database whose transaction (or read) the current async work runs inside. */
const current = new AsyncLocalStorage<object>();

/**
 * Runs `fn` marked as inside one of `db`'s transactions, and refuses one started inside another of
 * the same database. On SQLite's one connection the inner one would wait for the outer forever; on
 * PostgreSQL it would take a second connection, which may wait forever on the outer one's row locks
 * (a wait the server cannot see as a deadlock), or not see its uncommitted writes.
 */
export function outermost<T>(db: object, fn: () => Promise<T>): Promise<T> {
  if (current.getStore() === db) return Promise.reject(new Error("a transaction was started inside another one; pass its Tx instead"));
  return current.run(db, fn);
}
