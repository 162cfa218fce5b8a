import { and, eq, lt, sql } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import { distinctFrom, jsonText } from "./dialect.js";
import { prepared, type Placeholders } from "./prepared.js";
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

// Every request claims, finishes and is looked up by its key: built once (prepared.ts).
type ClaimValues = { key: string; now: number; outcome: ReceiptOutcome; holder: string; staleBefore: number; othersBefore: number };
const claim = prepared("receipt_claim", (tx, p: Placeholders<ClaimValues>) => {
  const r = tx.t.requestReceipts;
  const unanswered = sql`${jsonText(tx, r.outcome, "answered")} IS NULL`;
  const abandoned = sql`(${r.createdAt} < ${p.staleBefore} OR
    (${r.createdAt} < ${p.othersBefore} AND ${distinctFrom(tx, jsonText(tx, r.outcome, "holder"), p.holder)}))`;
  const values = { key: p.key, createdAt: p.now, outcome: p.outcome } as unknown as typeof r.$inferInsert;
  return tx.q
    .insert(r)
    .values(values)
    .onConflictDoUpdate({ target: r.key, set: { createdAt: sql`excluded.created_at`, outcome: sql`excluded.outcome` }, setWhere: and(unanswered, abandoned) })
    .returning({ key: r.key });
});
const byKey = prepared("receipt_by_key", (tx, p: Placeholders<{ key: string }>) => {
  const r = tx.t.requestReceipts;
  return tx.q.select().from(r).where(eq(r.key, p.key));
});
/** Only while `claim` is still the key's: a claim taken over from a hung handler is no longer that handler's to settle. */
const stillClaimed = (tx: Tx, p: Placeholders<{ key: string; claim: string }>) => {
  const r = tx.t.requestReceipts;
  return and(eq(r.key, p.key), eq(jsonText(tx, r.outcome, "claim"), p.claim));
};
const finish = prepared("receipt_finish", (tx, p: Placeholders<{ key: string; claim: string; outcome: ReceiptOutcome }>) => {
  const r = tx.t.requestReceipts;
  const set = { outcome: p.outcome } as unknown as Partial<typeof r.$inferInsert>;
  return tx.q.update(r).set(set).where(stillClaimed(tx, p));
});
const release = prepared("receipt_release", (tx, p: Placeholders<{ key: string; claim: string }>) =>
  tx.q.delete(tx.t.requestReceipts).where(stillClaimed(tx, p)),
);

/** Requests already taken by some handler, keyed by what makes a request the same (see idempotency.ts). */
export class ReceiptRepo {
  constructor(private readonly tx: Tx) {}

  /**
   * Takes `key` for `by`: true when nobody had it, or when an unfinished claim may be taken over.
   * One statement, so of two concurrent callers exactly one wins.
   */
  async claim(key: string, by: Claimant, now: number, takeOver: TakeOver): Promise<boolean> {
    const outcome: ReceiptOutcome = { holder: by.holder, claim: by.claim };
    const won = await claim(this.tx, { key, now, outcome, holder: by.holder, staleBefore: takeOver.staleBefore, othersBefore: takeOver.othersBefore });
    return won.length === 1;
  }

  async find(key: string): Promise<(Omit<RequestReceiptRow, "outcome"> & { outcome: ReceiptOutcome }) | undefined> {
    return first(await byKey(this.tx, { key }));
  }

  /**
   * Records what the first handling answered, for the repeats. Only while `claim` is still the
   * key's: a claim taken over from a hung handler is no longer that handler's to settle.
   */
  async finish(key: string, claim: string, outcome: { answered: true; response?: unknown }): Promise<void> {
    await finish(this.tx, { key, claim, outcome: { ...outcome } });
  }

  /** Gives the key up: the request was not handled, so a retry must be. */
  async release(key: string, claim: string): Promise<void> {
    await release(this.tx, { key, claim });
  }

  /** Forgets receipts taken before `before` (an index range on created_at); returns how many. */
  async pruneOlderThan(before: number): Promise<number> {
    const r = this.tx.t.requestReceipts;
    return (await this.tx.q.delete(r).where(lt(r.createdAt, before)).returning({ key: r.key })).length;
  }
}
