import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, OutboxRow, TimelineEventRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { Clock } from "../domain/clock.js";
import { deliveryRoute, describeIntent, destinationChannel, outboxKey, type OutboxKind } from "../domain/outbox-intent.js";
import { severityRank } from "../domain/playbook/lookup.js";
import type { Policy } from "../domain/playbook/model.js";
import type { TimelineEventKind } from "../domain/timeline-event.js";

/** Failed messages the reporter hears about. A failed post is explained by the confirmation; a failed notice to the reporter cannot be told to them the same way. */
const TOLD_TO_REPORTER: readonly OutboxKind[] = ["crosspost", "thread_notice", "handoff", "dm_role", "refresh_escalation"];

/**
 * What a delivery attempt changes in the records, each outcome in one transaction: a message sent
 * (and what it releases), retried later, or failed for good (on the timeline, and told to the
 * reporter). The Slack side only reports what happened; the consequences are decided here.
 */
export class DeliveryBookkeeping {
  constructor(
    private readonly db: Db,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  /** The repositories, in one transaction. */
  private write<T>(fn: (r: { outbox: OutboxRepo; escalations: EscalationRepo; timeline: TimelineRepo }) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn({ outbox: new OutboxRepo(tx), escalations: new EscalationRepo(tx), timeline: new TimelineRepo(tx) }));
  }

  escalation(id: number): Promise<EscalationRow | undefined> {
    return this.db.read((tx) => new EscalationRepo(tx).findById(id));
  }

  /**
   * The escalation as a message about it is rendered, and the newest refresh of its post already
   * written when it was read: the refreshes that sending this state makes needless. Read in that
   * order, so every change behind such a refresh is in the state (a change made after the read
   * writes a refresh with a higher id, which stays to be sent).
   */
  async escalationToRender(id: number): Promise<{ esc: EscalationRow | undefined; refreshesUpTo: number }> {
    const refreshesUpTo = await this.db.read((tx) => new OutboxRepo(tx).latestRefreshId(id));
    return { esc: await this.escalation(id), refreshesUpTo };
  }

  event(id: number): Promise<TimelineEventRow | undefined> {
    return this.db.read((tx) => new TimelineRepo(tx).findById(id));
  }

  /** The escalation's latest event of `kind`, if any. */
  latestEvent<K extends TimelineEventKind>(escalationId: number, kind: K): Promise<Extract<TimelineEventRow, { kind: K }> | undefined> {
    return this.db.read((tx) => new TimelineRepo(tx).latestOfKind(escalationId, kind));
  }

  /** Slack's error for an escalation's post that never went out. */
  async postError(escalationId: number): Promise<string> {
    const post = await this.db.read((tx) => new OutboxRepo(tx).findByDedupeKey(outboxKey.post(escalationId)));
    return post?.lastError ?? "unknown error";
  }

  /**
   * One write that needs no transaction around it (an update of one row by id): two for every
   * message sent, so on PostgreSQL one round trip each rather than three (Db.autocommit).
   */
  private writeOne(fn: (outbox: OutboxRepo) => Promise<void>): Promise<void> {
    return this.db.autocommit((tx) => fn(new OutboxRepo(tx)));
  }

  /** Recorded before any network call: a row found later with this set may already be in Slack. */
  sending(row: OutboxRow): Promise<void> {
    return this.writeOne((outbox) => outbox.markSending(row.id, this.clock.now()));
  }

  sent(row: OutboxRow): Promise<void> {
    return this.writeOne((outbox) => outbox.markSent(row.id, this.clock.now()));
  }

  /** The escalation's post is in its channel: its reference is kept, and what waited for it may go. */
  posted(row: OutboxRow, escalationId: number, ref: { channel: string; ts: string } | undefined): Promise<void> {
    return this.write(async ({ outbox, escalations }) => {
      if (ref) await escalations.setMessageRef(escalationId, ref.channel, ref.ts);
      await outbox.markSent(row.id, this.clock.now());
      await outbox.releaseHeld(escalationId);
    });
  }

  /**
   * A refresh renders the state it read, so the pending refreshes written before that read (up to
   * `upTo`) are done too; one written after it is still to be sent, or a change would never show.
   */
  refreshed(row: OutboxRow, escalationId: number, upTo: number): Promise<void> {
    return this.write(async ({ outbox }) => {
      await outbox.markSent(row.id, this.clock.now());
      await outbox.completePendingRefreshes(escalationId, upTo, this.clock.now());
    });
  }

  retryLater(row: OutboxRow, attempts: number, at: number, error: string): Promise<void> {
    return this.writeOne((outbox) => outbox.scheduleRetry(row.id, attempts, at, error));
  }

  /**
   * The message's channel is missing or the bot is not in it: it waits and is tried again. The
   * first time, that is recorded and said to the reporter with Slack's own error; a waiting post
   * lets go of what waited for it (the confirmation, pointers and DMs say where it will appear).
   */
  waitForChannel(row: OutboxRow, attempts: number, at: number, error: string): Promise<void> {
    const now = this.clock.now();
    return this.write(async (r) => {
      const first = row.lastError !== error;
      await r.outbox.scheduleRetry(row.id, attempts, at, error);
      if (row.escalationId === null || !first) return;
      if (row.kind === "post_escalation") await r.outbox.releaseHeld(row.escalationId);
      await r.timeline.append({ escalationId: row.escalationId, at: now, kind: "delivery_waiting", detail: { outboxKind: row.kind, error } });
      await this.tellReporter(r, row, error, true, now);
    });
  }

  /** True while the escalation's post is still to be made (waiting for its channel, or retried). */
  async postPending(escalationId: number): Promise<boolean> {
    const post = await this.db.read((tx) => new OutboxRepo(tx).findByDedupeKey(outboxKey.post(escalationId)));
    return post?.status === "pending";
  }

  /** Failed for good: marked, recorded on the timeline and, where it matters, told to the reporter. */
  failed(row: OutboxRow, attempts: number, error: string): Promise<void> {
    const now = this.clock.now();
    return this.write(async (r) => {
      await r.outbox.markFailed(row.id, attempts, error);
      if (row.escalationId === null) return;
      // What waited for a post that will never be made goes anyway, and says why.
      if (row.kind === "post_escalation") await r.outbox.releaseHeld(row.escalationId);
      await r.timeline.append({ escalationId: row.escalationId, at: now, kind: "delivery_failed", detail: { outboxKind: row.kind, error } });
      await this.tellReporter(r, row, error, false, now);
    });
  }

  /**
   * A message Slack keeps refusing has waited past the alert delay: the playbook's admin role is
   * told once by DM (in a queue of its own, so it gets through if any DM can). The alert names the
   * escalation, the destination and Slack's error, never the escalation's details.
   */
  async stuck(row: OutboxRow, error: string, waitedMs: number): Promise<void> {
    const admin = this.policy.defaults.admin;
    if (!admin || row.escalationId === null || row.kind === "delivery_stuck") return;
    const escalationId = row.escalationId;
    await this.write(async ({ outbox, escalations }) => {
      const esc = await escalations.findById(escalationId);
      if (!esc) return;
      const what = row.kind === "post_escalation" ? `The post to ${esc.channel}` : describeIntent(row.payload).replace(/^the /, "The ");
      const alert = { kind: "delivery_stuck" as const, role: admin, what, error, waitingMin: Math.round(waitedMs / 60_000) };
      await outbox.enqueue(esc.id, alert, outboxKey.stuck(row.id), this.clock.now(), deliveryRoute(alert, esc, severityRank(this.policy, esc.severity)));
    });
  }

  private async tellReporter(
    r: { outbox: OutboxRepo; escalations: EscalationRepo },
    row: OutboxRow,
    error: string,
    waiting: boolean,
    now: number,
  ): Promise<void> {
    const esc = row.escalationId === null ? undefined : await r.escalations.findById(row.escalationId);
    if (!esc || !TOLD_TO_REPORTER.includes(row.kind)) return;
    const channel = destinationChannel(row.payload, esc.channel);
    const problem = { kind: "delivery_problem" as const, userId: esc.reporterId, what: describeIntent(row.payload), error, waiting, ...(channel ? { channel } : {}) };
    const key = waiting ? outboxKey.waiting(row.id) : outboxKey.problem(row.id);
    await r.outbox.enqueue(esc.id, problem, key, now, deliveryRoute(problem, esc, severityRank(this.policy, esc.severity)));
  }
}
