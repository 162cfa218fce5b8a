import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, OutboxRow, TimelineEventRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { Clock } from "../domain/clock.js";
import { deliveryRoute, describeIntent, destinationChannel, outboxKey, type OutboxKind } from "../domain/outbox-intent.js";
import { severityRank } from "../domain/policy-lookup.js";
import type { Policy } from "../policy/model.js";

/** Failed messages the reporter hears about. A failed post is explained by the confirmation; a failed notice to the reporter cannot be told to them the same way. */
const TOLD_TO_REPORTER: readonly OutboxKind[] = ["crosspost", "thread_notice", "handoff", "dm_role", "refresh_escalation"];

/**
 * What a delivery attempt changes in the records, each outcome in one transaction: a message sent
 * (and what it releases), retried later, or failed for good (on the timeline, and told to the
 * reporter). The Slack side only reports what happened; the consequences are decided here.
 */
export class DeliveryBookkeeping {
  private readonly outbox: OutboxRepo;
  private readonly escalations: EscalationRepo;
  private readonly timeline: TimelineRepo;

  constructor(
    private readonly db: Db,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {
    this.outbox = new OutboxRepo(db);
    this.escalations = new EscalationRepo(db);
    this.timeline = new TimelineRepo(db);
  }

  escalation(id: number): EscalationRow | undefined {
    return this.escalations.findById(id);
  }

  event(id: number): TimelineEventRow | undefined {
    return this.timeline.findById(id);
  }

  /** Slack's error for an escalation's post that never went out. */
  postError(escalationId: number): string {
    return this.outbox.findByDedupeKey(outboxKey.post(escalationId))?.lastError ?? "unknown error";
  }

  /** Recorded before any network call: a row found later with this set may already be in Slack. */
  sending(row: OutboxRow): void {
    this.outbox.markSending(row.id, this.clock.now());
  }

  sent(row: OutboxRow): void {
    this.outbox.markSent(row.id, this.clock.now());
  }

  /** The escalation's post is in its channel: its reference is kept, and what waited for it may go. */
  posted(row: OutboxRow, escalationId: number, ref: { channel: string; ts: string } | undefined): void {
    this.db.transaction(() => {
      if (ref) this.escalations.setMessageRef(escalationId, ref.channel, ref.ts);
      this.outbox.markSent(row.id, this.clock.now());
      this.outbox.releaseHeld(escalationId);
    });
  }

  /** A refresh renders current state, so later pending refreshes of the same message are done too. */
  refreshed(row: OutboxRow, escalationId: number): void {
    this.db.transaction(() => {
      this.outbox.markSent(row.id, this.clock.now());
      this.outbox.completePendingRefreshes(escalationId, this.clock.now());
    });
  }

  retryLater(row: OutboxRow, attempts: number, at: number, error: string): void {
    this.outbox.scheduleRetry(row.id, attempts, at, error);
  }

  /**
   * The message's channel is missing or the bot is not in it: it waits and is tried again. The
   * first time, that is recorded and said to the reporter with Slack's own error; a waiting post
   * lets go of what waited for it (the confirmation, pointers and DMs say where it will appear).
   */
  waitForChannel(row: OutboxRow, attempts: number, at: number, error: string): void {
    const now = this.clock.now();
    this.db.transaction(() => {
      const first = row.lastError !== error;
      this.outbox.scheduleRetry(row.id, attempts, at, error);
      if (row.escalationId === null || !first) return;
      if (row.kind === "post_escalation") this.outbox.releaseHeld(row.escalationId);
      this.timeline.append({ escalationId: row.escalationId, at: now, kind: "delivery_waiting", detail: { outboxKind: row.kind, error } });
      this.tellReporter(row, error, true, now);
    });
  }

  /** True while the escalation's post is still to be made (waiting for its channel, or retried). */
  postPending(escalationId: number): boolean {
    return this.outbox.findByDedupeKey(outboxKey.post(escalationId))?.status === "pending";
  }

  /** Failed for good: marked, recorded on the timeline and, where it matters, told to the reporter. */
  failed(row: OutboxRow, attempts: number, error: string): void {
    const now = this.clock.now();
    this.db.transaction(() => {
      this.outbox.markFailed(row.id, attempts, error);
      if (row.escalationId === null) return;
      // What waited for a post that will never be made goes anyway, and says why.
      if (row.kind === "post_escalation") this.outbox.releaseHeld(row.escalationId);
      this.timeline.append({ escalationId: row.escalationId, at: now, kind: "delivery_failed", detail: { outboxKind: row.kind, error } });
      this.tellReporter(row, error, false, now);
    });
  }

  /**
   * A message Slack keeps refusing has waited past the alert delay: the playbook's admin role is
   * told once by DM (in a queue of its own, so it gets through if any DM can). The alert names the
   * escalation, the destination and Slack's error, never the escalation's details.
   */
  stuck(row: OutboxRow, error: string, waitedMs: number): void {
    const admin = this.policy.defaults.admin;
    const esc = row.escalationId === null ? undefined : this.escalations.findById(row.escalationId);
    if (!admin || !esc || row.kind === "delivery_stuck") return;
    const what = row.kind === "post_escalation" ? `The post to ${esc.channel}` : describeIntent(row.payload).replace(/^the /, "The ");
    const alert = { kind: "delivery_stuck" as const, role: admin, what, error, waitingMin: Math.round(waitedMs / 60_000) };
    this.outbox.enqueue(esc.id, alert, outboxKey.stuck(row.id), this.clock.now(), deliveryRoute(alert, esc, severityRank(this.policy, esc.severity)));
  }

  private tellReporter(row: OutboxRow, error: string, waiting: boolean, now: number): void {
    const esc = row.escalationId === null ? undefined : this.escalations.findById(row.escalationId);
    if (!esc || !TOLD_TO_REPORTER.includes(row.kind)) return;
    const channel = destinationChannel(row.payload, esc.channel);
    const problem = { kind: "delivery_problem" as const, userId: esc.reporterId, what: describeIntent(row.payload), error, waiting, ...(channel ? { channel } : {}) };
    const key = waiting ? outboxKey.waiting(row.id) : outboxKey.problem(row.id);
    this.outbox.enqueue(esc.id, problem, key, now, deliveryRoute(problem, esc, severityRank(this.policy, esc.severity)));
  }
}
