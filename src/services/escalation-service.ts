import type { Db } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { Clock } from "../domain/clock.js";
import { decide } from "../domain/decide.js";
import { classificationText, type EscalationInput, type ResolutionInput } from "../domain/escalation.js";
import { outboxKey } from "../domain/outbox-intent.js";
import type { Policy } from "../policy/model.js";

export interface OpenCommand {
  input: EscalationInput;
  reporterId: string;
  /** Where /escalate was typed; null when unknown (e.g. a shortcut). */
  reporterChannelId: string | null;
  /** Unique per submitted modal; a retried submit carries the same key. */
  submissionKey: string;
}

export type OpenResult = { kind: "created"; escalation: EscalationRow } | { kind: "duplicate"; escalation: EscalationRow };

export type AcknowledgeResult =
  | { kind: "acknowledged"; escalation: EscalationRow; afterMs: number }
  | { kind: "already_acknowledged"; escalation: EscalationRow }
  | { kind: "already_resolved"; escalation: EscalationRow }
  | { kind: "not_found" };

export type ResolveResult =
  | { kind: "resolved"; escalation: EscalationRow }
  | { kind: "already_resolved"; escalation: EscalationRow }
  | { kind: "not_found" };

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  policy: Policy;
  /** Called after a commit that wrote outbox rows, so the deliverer can send them now. */
  onOutboxWritten?: () => void;
}

/**
 * The escalation use cases. Each runs in one transaction: decision, state, timeline and the outbox
 * rows for the Slack messages it causes, so a crash never leaves one without the others.
 */
export class EscalationService {
  private readonly escalations: EscalationRepo;
  private readonly timeline: TimelineRepo;
  private readonly outbox: OutboxRepo;

  constructor(private readonly deps: ServiceDeps) {
    this.escalations = new EscalationRepo(deps.db);
    this.timeline = new TimelineRepo(deps.db);
    this.outbox = new OutboxRepo(deps.db);
  }

  get(id: number): EscalationRow | undefined {
    return this.escalations.findById(id);
  }

  open(cmd: OpenCommand): OpenResult {
    const now = this.deps.clock.now();
    const result = this.deps.db.transaction((): OpenResult => {
      const existing = this.escalations.findBySubmissionKey(cmd.submissionKey);
      if (existing) return { kind: "duplicate", escalation: existing };

      const { input } = cmd;
      const { classification: c, route, deadlines: d } = decide(
        { text: classificationText(input), tier: input.tier, severity: input.severity, category: input.category, fields: input.fields },
        this.deps.policy,
        now,
      );
      const reasons = [...c.reasons, ...route.reasons, ...d.reasons];
      const row = this.escalations.insertOnce({
        submissionKey: cmd.submissionKey,
        severity: c.severity,
        suggestedSeverity: c.suggestedSeverity,
        category: c.category,
        suggestedCategory: c.suggestedCategory,
        level: route.level,
        channel: route.channels[0]!,
        channels: route.channels,
        restricted: route.restricted,
        notify: route.notify,
        cc: route.cc,
        flags: route.flags,
        reasons,
        fields: input.fields,
        clock: d.clock,
        firstResponseDue: d.firstResponse,
        nextUpdateDue: d.nextUpdate,
        resolutionDue: d.resolution,
        levelSince: now,
        levelBudgetDue: d.levelBudget,
        customer: input.customer,
        customerContact: input.customerContact ?? null,
        tier: c.tier,
        summary: input.summary,
        impact: input.impact ?? null,
        troubleshooting: input.troubleshooting ?? null,
        errorMessages: input.errorMessages ?? null,
        environment: input.environment ?? null,
        reproSteps: input.reproSteps ?? null,
        workaround: input.workaround ?? null,
        sentiment: input.sentiment ?? null,
        ticketRef: input.ticketRef ?? null,
        reporterId: cmd.reporterId,
        reporterChannelId: cmd.reporterChannelId,
        createdAt: now,
      });
      if (!row) {
        // Another process inserted the same submission between our read and write.
        const winner = this.escalations.findBySubmissionKey(cmd.submissionKey);
        if (!winner) throw new Error(`submission ${cmd.submissionKey} vanished after a conflict`);
        return { kind: "duplicate", escalation: winner };
      }
      this.timeline.append({
        escalationId: row.id,
        at: now,
        kind: "opened",
        actor: cmd.reporterId,
        detail: {
          severity: row.severity,
          suggestedSeverity: row.suggestedSeverity,
          category: row.category,
          level: row.level,
          channels: row.channels,
          notify: row.notify,
          reasons,
        },
      });
      this.outbox.enqueue(row.id, { kind: "post_escalation" }, outboxKey.post(row.id), now);
      for (const channel of row.channels.slice(1)) {
        this.outbox.enqueue(row.id, { kind: "crosspost", channel }, outboxKey.crosspost(row.id, channel), now);
      }
      this.outbox.enqueue(
        row.id,
        { kind: "confirm_reporter", userId: cmd.reporterId, channelId: cmd.reporterChannelId },
        outboxKey.confirm(row.id),
        now,
      );
      return { kind: "created", escalation: row };
    });
    if (result.kind === "created") this.deps.onOutboxWritten?.();
    return result;
  }

  acknowledge(id: number, userId: string): AcknowledgeResult {
    const now = this.deps.clock.now();
    const result = this.deps.db.transaction((): AcknowledgeResult => {
      const esc = this.escalations.findById(id);
      if (!esc) return { kind: "not_found" };
      if (esc.status === "resolved") return { kind: "already_resolved", escalation: esc };
      if (!this.escalations.markAcknowledged(id, userId, now)) return { kind: "already_acknowledged", escalation: esc };

      const afterMs = now - esc.createdAt;
      const event = this.timeline.append({ escalationId: id, at: now, kind: "acknowledged", actor: userId, detail: { afterMs } });
      this.enqueueStateChange(id, event.id, now);
      return { kind: "acknowledged", escalation: this.escalations.findById(id)!, afterMs };
    });
    if (result.kind === "acknowledged") this.deps.onOutboxWritten?.();
    return result;
  }

  resolve(id: number, userId: string, input: ResolutionInput): ResolveResult {
    const now = this.deps.clock.now();
    const result = this.deps.db.transaction((): ResolveResult => {
      const esc = this.escalations.findById(id);
      if (!esc) return { kind: "not_found" };
      const changed = this.escalations.markResolved(id, {
        resolvedBy: userId,
        resolvedAt: now,
        resolution: input.resolution,
        rootCause: input.rootCause,
        prevention: input.prevention ?? null,
      });
      if (!changed) return { kind: "already_resolved", escalation: esc };

      const event = this.timeline.append({
        escalationId: id,
        at: now,
        kind: "resolved",
        actor: userId,
        detail: { afterMs: now - esc.createdAt },
      });
      this.enqueueStateChange(id, event.id, now);
      return { kind: "resolved", escalation: this.escalations.findById(id)! };
    });
    if (result.kind === "resolved") this.deps.onOutboxWritten?.();
    return result;
  }

  /** A state change shows twice in Slack: the message re-rendered, and a reply in its thread. */
  private enqueueStateChange(escalationId: number, eventId: number, now: number): void {
    this.outbox.enqueue(escalationId, { kind: "refresh_escalation" }, outboxKey.refresh(escalationId, eventId), now);
    this.outbox.enqueue(escalationId, { kind: "thread_notice", eventId }, outboxKey.notice(eventId), now);
  }
}
