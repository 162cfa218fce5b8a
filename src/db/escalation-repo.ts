import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import { forUpdate, lockUntilCommit, runSql } from "./dialect.js";
import { prepared, type Placeholders, type Prepared } from "./prepared.js";
import { normaliseCustomer } from "../domain/customer-name.js";
import type { FeatureRequest } from "../domain/feature-requests.js";
import type { Precondition } from "../domain/lifecycle.js";
import type { EarlierEscalation } from "../domain/repeat-escalations.js";
import type { EscalationRow, NewEscalationRow } from "./schema.js";

/** The columns a new escalation is written with; the others (acknowledgement, resolution, ...) start at their defaults. */
const NEW_ESCALATION_COLUMNS = [
  "submissionKey", "severity", "suggestedSeverity", "category", "suggestedCategory", "alsoCategories", "level", "channel", "channels",
  "restricted", "notify", "cc", "flags", "reasons", "fields", "customerRequested", "clock", "firstResponseDue",
  "nextUpdateDue", "resolutionDue", "levelSince", "levelBudgetDue", "customer", "customerContact", "tier", "summary",
  "impact", "troubleshooting", "errorMessages", "environment", "reproSteps", "workaround", "sentiment", "ticketRef",
  "reporterId", "reporterChannelId", "createdAt", "sourceMessageUrl", "customerKey", "repeat",
] as const satisfies readonly (keyof NewEscalationRow)[];

export type NewEscalation = { [K in (typeof NEW_ESCALATION_COLUMNS)[number]]-?: Exclude<NewEscalationRow[K], undefined> };

const OPEN = ["open", "acknowledged"] as const;

// The queries every request and clock makes, built once (prepared.ts).
const byId = prepared("escalation_by_id", (tx, p: Placeholders<{ id: number }>) => {
  const e = tx.t.escalations;
  return tx.q.select().from(e).where(eq(e.id, p.id));
});
const byIdForUpdate = prepared("escalation_by_id_for_update", (tx, p: Placeholders<{ id: number }>) => {
  const e = tx.t.escalations;
  return forUpdate(tx, tx.q.select().from(e).where(eq(e.id, p.id)));
});
const bySubmissionKey = prepared("escalation_by_submission_key", (tx, p: Placeholders<{ key: string }>) => {
  const e = tx.t.escalations;
  return tx.q.select().from(e).where(eq(e.submissionKey, p.key));
});
const insertOnce = prepared("escalation_insert_once", (tx, p: Placeholders<NewEscalation>) => {
  const e = tx.t.escalations;
  const values = Object.fromEntries(NEW_ESCALATION_COLUMNS.map((column) => [column, p[column]])) as unknown as NewEscalationRow;
  return tx.q.insert(e).values(values).onConflictDoNothing({ target: e.submissionKey }).returning();
});
const setMessageRef = prepared("escalation_set_message_ref", (tx, p: Placeholders<{ id: number; channelId: string; ts: string }>) => {
  const e = tx.t.escalations;
  // Placeholders in set() are typed out, yet drizzle encodes them for their columns like any value.
  const set = { messageChannelId: p.channelId, messageTs: p.ts } as unknown as Partial<NewEscalationRow>;
  return tx.q.update(e).set(set).where(eq(e.id, p.id));
});

/**
 * Lifecycle writes, one prepared query per shape (the columns written and the precondition): the
 * transitions in domain/lifecycle.ts write a handful of shapes, over and over.
 */
const updates = new Map<string, Prepared<Record<string, unknown>, EscalationRow[]>>();

function updateOfShape(columns: readonly (keyof NewEscalationRow)[], onlyIf: Precondition | undefined): Prepared<Record<string, unknown>, EscalationRow[]> {
  return prepared(`escalation_update_${updates.size}`, (tx) => {
    const e = tx.t.escalations;
    const still =
      onlyIf === "unacknowledged" ? and(isNull(e.acknowledgedBy), ne(e.status, "resolved")) : onlyIf === "unresolved" ? ne(e.status, "resolved") : undefined;
    const set = Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as unknown as Partial<NewEscalationRow>;
    // The whole row as written: the use case reads it next (EscalationRepo.held).
    return tx.q
      .update(e)
      .set(set)
      .where(and(eq(e.id, sql.placeholder("id")), still))
      .returning();
  });
}

export class EscalationRepo {
  /**
   * The escalations this transaction holds locked (read for update, written, inserted), as it last
   * wrote or read them: nobody else can change them before it ends, so reading one again gives this
   * row, and findById answers from here instead of asking the database again. A use case reads the
   * row it changed once more to answer with it, and the App Homes it concerns read it too: on
   * PostgreSQL each such read would be a round trip.
   */
  private readonly held = new Map<number, EscalationRow>();

  constructor(private readonly tx: Tx) {}

  private get table() {
    return this.tx.t.escalations;
  }

  async findById(id: number): Promise<EscalationRow | undefined> {
    return this.held.get(id) ?? first(await byId(this.tx, { id }));
  }

  /**
   * The escalation, locked until the transaction ends: changes to one escalation (a click, a clock
   * running out) then happen one after another on every engine. SQLite's write transaction holds
   * the whole database already; PostgreSQL locks the row.
   */
  async findForUpdate(id: number): Promise<EscalationRow | undefined> {
    return this.hold(first(await byIdForUpdate(this.tx, { id })));
  }

  /** Keeps a row this transaction holds locked (see held). */
  private hold(row: EscalationRow | undefined): EscalationRow | undefined {
    if (row) this.held.set(row.id, row);
    return row;
  }

  /** The escalation whose post is this message (a reply in its thread names it so). */
  async findByPost(channelId: string, ts: string): Promise<EscalationRow | undefined> {
    const e = this.table;
    return first(await this.tx.q.select().from(e).where(and(eq(e.messageChannelId, channelId), eq(e.messageTs, ts))).limit(1));
  }

  /** The escalation whose war room is this channel (a status posted there names it so). */
  async findByWarRoom(channelId: string): Promise<EscalationRow | undefined> {
    const e = this.table;
    return first(await this.tx.q.select().from(e).where(eq(e.warRoomChannelId, channelId)).limit(1));
  }

  async findBySubmissionKey(key: string): Promise<EscalationRow | undefined> {
    return first(await bySubmissionKey(this.tx, { key }));
  }

  /** Open escalations of one severity, oldest first. */
  openOfSeverity(severity: string, limit: number): Promise<EscalationRow[]> {
    const e = this.table;
    return this.tx.q
      .select()
      .from(e)
      .where(and(inArray(e.status, [...OPEN]), eq(e.severity, severity)))
      .orderBy(asc(e.createdAt), asc(e.id))
      .limit(limit);
  }

  /** Open escalations opened before `before` whose message is in Slack (it can be re-rendered), oldest first. */
  async openPostedBefore(before: number): Promise<EscalationRow[]> {
    const e = this.table;
    // Runs at every start, where nothing qualifies. Filtered on status alone, SQLite reads every open
    // row to find that out (about 200 ms with 100k open); with the severities named, the
    // (status, severity, created_at) index answers with one range per pair.
    const severities = await this.openSeverities();
    if (severities.length === 0) return [];
    return this.tx.q
      .select()
      .from(e)
      .where(and(inArray(e.status, [...OPEN]), inArray(e.severity, severities), lt(e.createdAt, before), isNotNull(e.messageTs)))
      .orderBy(asc(e.id));
  }

  /** The severities open escalations have, one index step each (a loose scan: never every open row). */
  private async openSeverities(): Promise<string[]> {
    const e = this.table;
    const found = new Set<string>();
    for (const status of OPEN) {
      for (let after: string | undefined; ; ) {
        const next = first(
          await this.tx.q
            .select({ severity: e.severity })
            .from(e)
            .where(and(eq(e.status, status), after === undefined ? undefined : gt(e.severity, after)))
            .orderBy(asc(e.severity))
            .limit(1),
        );
        if (!next) break;
        found.add(next.severity);
        after = next.severity;
      }
    }
    return [...found];
  }

  /** The escalations linked to `parentId` ("Same issue as…"), in the order they were opened (an indexed lookup). */
  childrenOf(parentId: number): Promise<EscalationRow[]> {
    const e = this.table;
    return this.tx.q.select().from(e).where(eq(e.parentId, parentId)).orderBy(asc(e.id));
  }

  /** The most recently opened open escalations, newest first (what a picker offers). */
  openNewestFirst(limit: number): Promise<EscalationRow[]> {
    const e = this.table;
    return this.tx.q.select().from(e).where(inArray(e.status, [...OPEN])).orderBy(desc(e.createdAt), desc(e.id)).limit(limit);
  }

  /** Escalations opened or resolved in [since, until), by id (what a report over that period reads). */
  createdOrResolvedIn(since: number, until: number): Promise<EscalationRow[]> {
    const e = this.table;
    return this.tx.q
      .select()
      .from(e)
      .where(or(and(gte(e.createdAt, since), lt(e.createdAt, until)), and(gte(e.resolvedAt, since), lt(e.resolvedAt, until))))
      .orderBy(asc(e.id));
  }

  /**
   * A customer's escalations opened in [since, until], newest first, at most `limit` (one range of
   * escalations_customer_idx): the earlier escalations a repeat counts.
   */
  recentOfCustomer(customerKey: string, since: number, until: number, limit: number): Promise<EarlierEscalation[]> {
    const e = this.table;
    return this.tx.q
      .select({ id: e.id, createdAt: e.createdAt, restricted: e.restricted, channel: e.channel })
      .from(e)
      .where(and(eq(e.customerKey, customerKey), gte(e.createdAt, since), lte(e.createdAt, until)))
      .orderBy(desc(e.createdAt), desc(e.id))
      .limit(limit);
  }

  /**
   * The ordinary (not restricted) escalations of these categories opened since `since`, newest
   * first, at most `limit`: the feature requests a tally reads. A restricted one's words stay in its channel.
   */
  async ofCategoriesSince(categories: readonly string[], since: number, limit: number): Promise<FeatureRequest[]> {
    const e = this.table;
    const rows = await this.tx.q
      .select({ id: e.id, customer: e.customer, customerKey: e.customerKey, summary: e.summary, createdAt: e.createdAt })
      .from(e)
      .where(and(inArray(e.category, [...categories]), gte(e.createdAt, since), eq(e.restricted, false)))
      .orderBy(desc(e.createdAt), desc(e.id))
      .limit(limit);
    return rows.map((r) => ({ ...r, customerKey: r.customerKey ?? normaliseCustomer(r.customer) }));
  }

  /** Escalations by id (slim look-ups for messages that list several). */
  byIds(ids: readonly number[]): Promise<EscalationRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const e = this.table;
    return this.tx.q.select().from(e).where(inArray(e.id, [...ids])).orderBy(asc(e.id));
  }

  /** Escalations written before customer keys were kept (their key is still to be filled in), by id. */
  withoutCustomerKey(limit: number): Promise<{ id: number; customer: string }[]> {
    const e = this.table;
    return this.tx.q.select({ id: e.id, customer: e.customer }).from(e).where(isNull(e.customerKey)).orderBy(asc(e.id)).limit(limit);
  }

  /** A named lock held until this transaction ends (dialect.ts lockUntilCommit). */
  lockUntilCommit(name: string): Promise<void> {
    return lockUntilCommit(this.tx, name);
  }

  async countOpen(): Promise<number> {
    return first(await this.tx.q.select({ n: count() }).from(this.table).where(inArray(this.table.status, [...OPEN])))?.n ?? 0;
  }

  /** True when the database holds no escalation at all (a new database, or one that was lost). */
  async isEmpty(): Promise<boolean> {
    return (await this.tx.q.select({ id: this.table.id }).from(this.table).limit(1)).length === 0;
  }

  /**
   * The next escalation gets an id of at least `floor`; an id already above the floor is left
   * alone. Ids never go back (SQLite's AUTOINCREMENT and PostgreSQL's sequence never reuse one, even
   * after deletes), so raising the counter once is enough for every later insert.
   */
  async keepIdsAtOrAbove(floor: number): Promise<void> {
    const last = floor - 1;
    if (this.tx.engine === "postgres") {
      // The last id handed out is the sequence's last_value (null before the first); moved up only.
      await runSql(
        this.tx,
        sql`SELECT setval(pg_get_serial_sequence('escalations', 'id'), ${last}, true)
          WHERE ${last} > coalesce((SELECT last_value FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = 'escalations_id_seq'), 0)`,
      );
      return;
    }
    await runSql(this.tx, sql`UPDATE sqlite_sequence SET seq = MAX(seq, ${last}) WHERE name = 'escalations'`);
    await runSql(
      this.tx,
      sql`INSERT INTO sqlite_sequence (name, seq) SELECT 'escalations', ${last} WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'escalations')`,
    );
  }

  /** Inserts unless the submission key exists already; returns the new row or undefined. */
  async insertOnce(row: NewEscalation): Promise<EscalationRow | undefined> {
    return this.hold(first(await insertOnce(this.tx, row)));
  }

  /**
   * Writes the given columns (what domain/lifecycle.ts decided, inside the service's transaction).
   * With `onlyIf`, only while the row still is so, in the same statement: the first acknowledger
   * wins. False when it no longer was, and nothing changed.
   */
  async update(id: number, fields: Partial<NewEscalationRow>, onlyIf?: Precondition): Promise<boolean> {
    const columns = (Object.keys(fields) as (keyof NewEscalationRow)[]).filter((column) => fields[column] !== undefined).sort();
    if (columns.length === 0) return true;
    const shape = `${onlyIf ?? "always"}:${columns.join(",")}`;
    let update = updates.get(shape);
    if (!update) {
      update = updateOfShape(columns, onlyIf);
      updates.set(shape, update);
    }
    return this.hold(first(await update(this.tx, { ...fields, id }))) !== undefined;
  }

  async setMessageRef(id: number, channelId: string, ts: string): Promise<void> {
    this.held.delete(id);
    await setMessageRef(this.tx, { id, channelId, ts });
  }
}
