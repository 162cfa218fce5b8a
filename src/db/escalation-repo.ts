import { and, asc, count, eq, inArray, isNotNull, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { escalations, type EscalationRow, type NewEscalationRow } from "./schema.js";

/** The columns a new escalation is written with; the others (acknowledgement, resolution, ...) start at their defaults. */
const NEW_ESCALATION_COLUMNS = [
  "submissionKey", "severity", "suggestedSeverity", "category", "suggestedCategory", "alsoCategories", "level", "channel", "channels",
  "restricted", "notify", "cc", "flags", "reasons", "fields", "customerRequested", "clock", "firstResponseDue",
  "nextUpdateDue", "resolutionDue", "levelSince", "levelBudgetDue", "customer", "customerContact", "tier", "summary",
  "impact", "troubleshooting", "errorMessages", "environment", "reproSteps", "workaround", "sentiment", "ticketRef",
  "reporterId", "reporterChannelId", "createdAt",
] as const satisfies readonly (keyof NewEscalationRow)[];

export type NewEscalation = { [K in (typeof NEW_ESCALATION_COLUMNS)[number]]-?: Exclude<NewEscalationRow[K], undefined> };

export class EscalationRepo {
  // The lookups every request and tick makes, built once (drizzle builds a query anew otherwise).
  private readonly byId;
  private readonly bySubmissionKey;
  private readonly insert;

  constructor(private readonly db: Db) {
    const placeholders = Object.fromEntries(NEW_ESCALATION_COLUMNS.map((c) => [c, sql.placeholder(c)])) as unknown as NewEscalationRow;
    this.insert = db.insert(escalations).values(placeholders).onConflictDoNothing({ target: escalations.submissionKey }).returning().prepare();
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

  /** Open escalations opened before `before` whose message is in Slack (it can be re-rendered), oldest first. */
  openPostedBefore(before: number): EscalationRow[] {
    // Filtered in SQL: on an ordinary start nothing qualifies, and 100k open rows must not be read for it.
    return this.db
      .select()
      .from(escalations)
      .where(and(inArray(escalations.status, ["open", "acknowledged"]), isNotNull(escalations.messageTs), lt(escalations.createdAt, before)))
      .orderBy(asc(escalations.id))
      .all();
  }

  countOpen(): number {
    return this.db.select({ n: count() }).from(escalations).where(inArray(escalations.status, ["open", "acknowledged"])).get()?.n ?? 0;
  }

  /** True when the database holds no escalation at all (a new database, or one that was lost). */
  isEmpty(): boolean {
    return this.db.select({ id: escalations.id }).from(escalations).limit(1).get() === undefined;
  }

  /**
   * The next escalation gets an id of at least `floor`. AUTOINCREMENT takes the next id from
   * sqlite_sequence (never reusing one, even after deletes), so raising its counter once is enough
   * for every later insert; an id already above the floor is left alone.
   */
  keepIdsAtOrAbove(floor: number): void {
    const last = floor - 1;
    this.db.transaction((tx) => {
      tx.run(sql`UPDATE sqlite_sequence SET seq = MAX(seq, ${last}) WHERE name = 'escalations'`);
      tx.run(
        sql`INSERT INTO sqlite_sequence (name, seq) SELECT 'escalations', ${last} WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'escalations')`,
      );
    });
  }

  /** Inserts unless the submission key exists already; returns the new row or undefined. */
  insertOnce(row: NewEscalation): EscalationRow | undefined {
    return this.insert.get(row);
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
