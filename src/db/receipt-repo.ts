import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { requestReceipts, type RequestReceiptRow } from "./schema.js";

/**
 * What the first handling of a request answered: while it is being handled, only who handles it
 * (`holder`, one id per process, and `claim`, one id per claim); once its listener is done,
 * `answered`, with the body of its ack when it had one.
 */
export type ReceiptOutcome = {
  holder?: string;
  claim?: string;
  answered?: true;
  response?: unknown;
};

/** Who claims a request: the process, and this one claim of it. */
export interface Claimant {
  holder: string;
  claim: string;
}

/** When a claim nobody finished may be taken over. */
export interface TakeOver {
  /** Any unfinished claim made before this: its handler died or hung. */
  staleBefore: number;
  /**
   * Another process's unfinished claim made before this (when the claimer started): a process killed
   * mid-request leaves one behind, and Slack's retry reaches whoever runs now.
   */
  othersBefore: number;
}

/** Requests already taken by some handler, keyed by what makes a request the same (see idempotency.ts). */
export class ReceiptRepo {
  constructor(private readonly db: Db) {}

  /**
   * Takes `key` for `by`: true when nobody had it, or when an unfinished claim may be taken over.
   * One statement, so of two concurrent callers exactly one wins.
   */
  claim(key: string, by: Claimant, now: number, takeOver: TakeOver): boolean {
    const outcome: ReceiptOutcome = { holder: by.holder, claim: by.claim };
    const r = requestReceipts;
    const res = this.db
      .insert(r)
      .values({ key, createdAt: now, outcome })
      .onConflictDoUpdate({
        target: r.key,
        set: { createdAt: now, outcome },
        setWhere: sql`json_extract(${r.outcome}, '$.answered') IS NULL AND (${r.createdAt} < ${takeOver.staleBefore} OR
          (${r.createdAt} < ${takeOver.othersBefore} AND json_extract(${r.outcome}, '$.holder') IS NOT ${by.holder}))`,
      })
      .run();
    return res.changes === 1;
  }

  find(key: string): (Omit<RequestReceiptRow, "outcome"> & { outcome: ReceiptOutcome }) | undefined {
    return this.db.select().from(requestReceipts).where(eq(requestReceipts.key, key)).get();
  }

  /**
   * Records what the first handling answered, for the repeats. Only while `claim` is still the
   * key's: a claim taken over from a hung handler is no longer that handler's to settle.
   */
  finish(key: string, claim: string, outcome: { answered: true; response?: unknown }): void {
    this.db
      .update(requestReceipts)
      .set({ outcome: { ...outcome } })
      .where(this.stillClaimed(key, claim))
      .run();
  }

  /** Gives the key up: the request was not handled, so a retry must be. */
  release(key: string, claim: string): void {
    this.db.delete(requestReceipts).where(this.stillClaimed(key, claim)).run();
  }

  private stillClaimed(key: string, claim: string) {
    return sql`${requestReceipts.key} = ${key} AND json_extract(${requestReceipts.outcome}, '$.claim') = ${claim}`;
  }

  /** Forgets receipts taken before `before` (an index range on created_at); returns how many. */
  pruneOlderThan(before: number): number {
    return this.db.delete(requestReceipts).where(lt(requestReceipts.createdAt, before)).run().changes;
  }
}
