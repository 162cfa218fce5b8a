import { sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { leases } from "./schema.js";

export class LeaseRepo {
  constructor(private readonly db: Db) {}

  /**
   * Takes or renews the named lease for `holder` until `now + ttlMs`. Succeeds when nobody holds it,
   * when `holder` already does, or when the other holder's lease has expired; one SQL statement, so
   * two processes cannot both win.
   */
  tryAcquire(name: string, holder: string, now: number, ttlMs: number): boolean {
    const res = this.db
      .insert(leases)
      .values({ name, holder, expiresAt: now + ttlMs })
      .onConflictDoUpdate({
        target: leases.name,
        set: { holder, expiresAt: now + ttlMs },
        setWhere: sql`${leases.holder} = ${holder} OR ${leases.expiresAt} < ${now}`,
      })
      .run();
    return res.changes === 1;
  }

  /** Writes `name`'s row whoever holds it: a write that proves the database takes writes. */
  heartbeat(name: string, holder: string, now: number): void {
    this.db
      .insert(leases)
      .values({ name, holder, expiresAt: now })
      .onConflictDoUpdate({ target: leases.name, set: { holder, expiresAt: now } })
      .run();
  }

  release(name: string, holder: string): void {
    this.db.delete(leases).where(sql`${leases.name} = ${name} AND ${leases.holder} = ${holder}`).run();
  }
}
