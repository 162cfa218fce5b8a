import { sql, type Placeholder } from "drizzle-orm";
import type { Tx } from "./database.js";

/** What drizzle's builders give back from prepare(), on either engine. */
interface PreparedQuery {
  execute(values: Record<string, unknown>): unknown;
}

const names = new Set<string>();

/** A query built once per connection; called with the transaction it runs in and its values. */
export type Prepared<V extends Record<string, unknown>, R> = (tx: Tx, values: V) => Promise<R>;

/** Where each value goes in a prepared query: `p.id` stands for the `id` it is run with. */
export type Placeholders<V> = { readonly [K in keyof V & string]: Placeholder<K> };

const placeholders = new Proxy({} as Record<string, Placeholder>, { get: (_, key) => sql.placeholder(String(key)) });

/**
 * A query whose SQL is built once per connection and then run with new values. Drizzle otherwise
 * builds a query's SQL anew on every call, and building costs far more than running: a lookup by
 * id takes about 0.3 ms to build and 10 µs to run in SQLite. `build` writes the query with its
 * second argument's placeholders where the values go (typing that argument names the values); the
 * prepared query gives back what awaiting the built one would.
 *
 * A prepared query belongs to the connection it was built on: SQLite's Db has one connection and so
 * one builder, and PostgreSQL's Db keeps one builder per pooled connection (postgres.ts). Kept per
 * builder, each connection builds the query once; a connection the pool drops takes its queries
 * with it. On PostgreSQL, `name` also names the server-side prepared statement, so the server
 * plans it once per connection too: it must be unique among the app's prepared queries, and at
 * most 63 characters.
 */
export function prepared<V extends Record<string, unknown>, R>(name: string, build: (tx: Tx, p: Placeholders<V>) => PromiseLike<R>): Prepared<V, R> {
  if (names.has(name) || !/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`prepared query name "${name}" is taken or not a short snake_case name`);
  names.add(name);
  const byConnection = new WeakMap<object, PreparedQuery>();
  return async (tx, values) => {
    let query = byConnection.get(tx.q);
    if (!query) {
      // SQLite's prepare() takes no name and ignores one; PostgreSQL's takes the statement's name.
      query = (build(tx, placeholders as Placeholders<V>) as unknown as { prepare(name: string): PreparedQuery }).prepare(name);
      byConnection.set(tx.q, query);
    }
    return (await query.execute(values)) as R;
  };
}
