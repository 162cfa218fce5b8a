import { and, asc, count, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { escalations, type EscalationRow, type NewEscalationRow } from "./schema.js";

export class EscalationRepo {
  // The lookups every request and tick makes, built once (drizzle builds a query anew otherwise).
  private readonly byId;
  private readonly bySubmissionKey;

  constructor(private readonly db: Db) {
    this.byId = db.select().from(escalations).where(eq(escalations.id, sql.placeholder("id"))).prepare();
    this.bySubmissionKey = db.select().from(escalations).where(eq(escalations.submissionKey, sql.placeholder("key"))).prepare();
  }

  findById(id: number): EscalationRow | undefined {
    return this.byId.get({ id });
  }

  findBySubmissionKey(key: string): EscalationRow | undefined {
    return this.bySubmissionKey.get({ key });
  }

  /** Open escalations of one severity, oldest first. */
  openOfSeverity(severity: string, limit: number): EscalationRow[] {
    return this.db
      .select()
      .from(escalations)
      .where(and(inArray(escalations.status, ["open", "acknowledged"]), eq(escalations.severity, severity)))
      .orderBy(asc(escalations.createdAt))
      .limit(limit)
      .all();
  }

  countOpen(): number {
    return this.db.select({ n: count() }).from(escalations).where(inArray(escalations.status, ["open", "acknowledged"])).get()?.n ?? 0;
  }

  /** Inserts unless the submission key exists already; returns the new row or undefined. */
  insertOnce(row: NewEscalationRow): EscalationRow | undefined {
    return this.db.insert(escalations).values(row).onConflictDoNothing({ target: escalations.submissionKey }).returning().get();
  }

  /** First acknowledger wins: the update only applies while nobody has acknowledged. */
  markAcknowledged(id: number, userId: string, at: number): boolean {
    const res = this.db
      .update(escalations)
      .set({ status: "acknowledged", acknowledgedBy: userId, acknowledgedAt: at })
      .where(and(eq(escalations.id, id), isNull(escalations.acknowledgedBy), ne(escalations.status, "resolved")))
      .run();
    return res.changes === 1;
  }

  markResolved(
    id: number,
    fields: { resolvedBy: string; resolvedAt: number; resolution: string; rootCause: string; prevention: string | null },
  ): boolean {
    const res = this.db
      .update(escalations)
      .set({ status: "resolved", ...fields })
      .where(and(eq(escalations.id, id), ne(escalations.status, "resolved")))
      .run();
    return res.changes === 1;
  }

  /** Writes the given columns; services decide what changes, inside their transaction. */
  update(id: number, fields: Partial<NewEscalationRow>): void {
    this.db.update(escalations).set(fields).where(eq(escalations.id, id)).run();
  }

  setMessageRef(id: number, channelId: string, ts: string): void {
    this.db.update(escalations).set({ messageChannelId: channelId, messageTs: ts }).where(eq(escalations.id, id)).run();
  }
}
