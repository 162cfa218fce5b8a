import { and, eq, lt, or } from "drizzle-orm";
import type { Tx } from "./database.js";

export class LeaseRepo {
  constructor(private readonly tx: Tx) {}

  /**
   * Takes or renews the named lease for `holder` until `now + ttlMs`. Succeeds when nobody holds it,
   * when `holder` already does, or when the other holder's lease has expired; one SQL statement, so
   * two processes cannot both win.
   */
  async tryAcquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const l = this.tx.t.leases;
    const won = await this.tx.q
      .insert(l)
      .values({ name, holder, expiresAt: now + ttlMs })
      .onConflictDoUpdate({ target: l.name, set: { holder, expiresAt: now + ttlMs }, setWhere: or(eq(l.holder, holder), lt(l.expiresAt, now)) })
      .returning({ name: l.name });
    return won.length === 1;
  }

  /** Writes `name`'s row whoever holds it: a write that proves the database takes writes. */
  async heartbeat(name: string, holder: string, now: number): Promise<void> {
    const l = this.tx.t.leases;
    await this.tx.q.insert(l).values({ name, holder, expiresAt: now }).onConflictDoUpdate({ target: l.name, set: { holder, expiresAt: now } });
  }

  async release(name: string, holder: string): Promise<void> {
    const l = this.tx.t.leases;
    await this.tx.q.delete(l).where(and(eq(l.name, name), eq(l.holder, holder)));
  }
}
