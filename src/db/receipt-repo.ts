import { and, eq, lt, sql } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import { distinctFrom, jsonText } from "./dialect.js";
import type { RequestReceiptRow } from "./schema.js";

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
  constructor(private readonly tx: Tx) {}

  /**
   * Takes `key` for `by`: true when nobody had it, or when an unfinished claim may be taken over.
   * One statement, so of two concurrent callers exactly one wins.
   */
  async claim(key: string, by: Claimant, now: number, takeOver: TakeOver): Promise<boolean> {
    const outcome: ReceiptOutcome = { holder: by.holder, claim: by.claim };
    const r = this.tx.t.requestReceipts;
    const unanswered = sql`${jsonText(this.tx, r.outcome, "answered")} IS NULL`;
    const abandoned = sql`(${r.createdAt} < ${takeOver.staleBefore} OR
      (${r.createdAt} < ${takeOver.othersBefore} AND ${distinctFrom(this.tx, jsonText(this.tx, r.outcome, "holder"), by.holder)}))`;
    const won = await this.tx.q
      .insert(r)
      .values({ key, createdAt: now, outcome })
      .onConflictDoUpdate({ target: r.key, set: { createdAt: now, outcome }, setWhere: and(unanswered, abandoned) })
      .returning({ key: r.key });
    return won.length === 1;
  }

  async find(key: string): Promise<(Omit<RequestReceiptRow, "outcome"> & { outcome: ReceiptOutcome }) | undefined> {
    const r = this.tx.t.requestReceipts;
    return first(await this.tx.q.select().from(r).where(eq(r.key, key)));
  }

  /**
   * Records what the first handling answered, for the repeats. Only while `claim` is still the
   * key's: a claim taken over from a hung handler is no longer that handler's to settle.
   */
  async finish(key: string, claim: string, outcome: { answered: true; response?: unknown }): Promise<void> {
    await this.tx.q
      .update(this.tx.t.requestReceipts)
      .set({ outcome: { ...outcome } })
      .where(this.stillClaimed(key, claim));
  }

  /** Gives the key up: the request was not handled, so a retry must be. */
  async release(key: string, claim: string): Promise<void> {
    await this.tx.q.delete(this.tx.t.requestReceipts).where(this.stillClaimed(key, claim));
  }

  private stillClaimed(key: string, claim: string) {
    const r = this.tx.t.requestReceipts;
    return and(eq(r.key, key), eq(jsonText(this.tx, r.outcome, "claim"), claim));
  }

  /** Forgets receipts taken before `before` (an index range on created_at); returns how many. */
  async pruneOlderThan(before: number): Promise<number> {
    const r = this.tx.t.requestReceipts;
    return (await this.tx.q.delete(r).where(lt(r.createdAt, before)).returning({ key: r.key })).length;
  }
}
