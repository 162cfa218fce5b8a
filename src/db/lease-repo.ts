import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Tx } from "./database.js";
import { prepared, type Placeholders } from "./prepared.js";

// Lanes are taken, renewed and let go around every batch of posts: built once (prepared.ts).
const tryAcquire = prepared("lease_try_acquire", (tx, p: Placeholders<{ name: string; holder: string; now: number; expiresAt: number }>) => {
  const l = tx.t.leases;
  const values = { name: p.name, holder: p.holder, expiresAt: p.expiresAt } as unknown as typeof l.$inferInsert;
  return tx.q
    .insert(l)
    .values(values)
    .onConflictDoUpdate({
      target: l.name,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: or(eq(l.holder, p.holder), lt(l.expiresAt, p.now)),
    })
    .returning({ name: l.name });
});
const release = prepared("lease_release", (tx, p: Placeholders<{ name: string; holder: string }>) => {
  const l = tx.t.leases;
  return tx.q.delete(l).where(and(eq(l.name, p.name), eq(l.holder, p.holder)));
});

export class LeaseRepo {
  constructor(private readonly tx: Tx) {}

  /**
   * Takes or renews the named lease for `holder` until `now + ttlMs`. Succeeds when nobody holds it,
   * when `holder` already does, or when the other holder's lease has expired; one SQL statement, so
   * two processes cannot both win.
   */
  async tryAcquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    return (await tryAcquire(this.tx, { name, holder, now, expiresAt: now + ttlMs })).length === 1;
  }

  /** Writes `name`'s row whoever holds it: a write that proves the database takes writes. */
  async heartbeat(name: string, holder: string, now: number): Promise<void> {
    const l = this.tx.t.leases;
    await this.tx.q.insert(l).values({ name, holder, expiresAt: now }).onConflictDoUpdate({ target: l.name, set: { holder, expiresAt: now } });
  }

  async release(name: string, holder: string): Promise<void> {
    await release(this.tx, { name, holder });
  }
}
