import { and, desc, eq } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import type { ReviewPostRow } from "./schema.js";

/** The scheduled reviews already handled (schema.ts reviewPosts). */
export class ReviewRepo {
  constructor(private readonly tx: Tx) {}

  async find(review: string, periodStart: number): Promise<ReviewPostRow | undefined> {
    const r = this.tx.t.reviewPosts;
    return first(await this.tx.q.select().from(r).where(and(eq(r.review, review), eq(r.periodStart, periodStart))));
  }

  /** The most recent week handled of `review`, if any. */
  async latest(review: string): Promise<ReviewPostRow | undefined> {
    const r = this.tx.t.reviewPosts;
    return first(await this.tx.q.select().from(r).where(eq(r.review, review)).orderBy(desc(r.periodStart)).limit(1));
  }

  /** Records the week as handled; false when it already was (by another process, or an earlier tick). */
  async record(row: ReviewPostRow): Promise<boolean> {
    const r = this.tx.t.reviewPosts;
    const inserted = await this.tx.q.insert(r).values(row).onConflictDoNothing({ target: [r.review, r.periodStart] }).returning({ review: r.review });
    return inserted.length === 1;
  }
}
