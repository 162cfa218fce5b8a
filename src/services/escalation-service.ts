import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import { openWarRoomIfDue, warRoomResolved } from "./war-room-service.js";
import { decide } from "../domain/decide.js";
import { classificationText, type EscalationInput, type ResolutionInput } from "../domain/escalation.js";
import { normaliseCustomer } from "../domain/customer-name.js";
import * as lifecycle from "../domain/lifecycle.js";
import { outboxKey } from "../domain/outbox-intent.js";
import { levelLabel } from "../domain/playbook/lookup.js";
import type { Action, Actor } from "../domain/permissions.js";
import { reopenWindowEnds } from "../domain/reopen.js";
import { rolesToldByDm } from "../domain/route.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import type { EscalationSteps } from "./escalation-steps.js";
import { linksOf, type Links } from "./escalation-links.js";
import { learnFromEarlier } from "./open-insights.js";
import { UseCaseRunner, type MayResult, type NotOpen, type Refused, type ServiceDeps } from "./use-case.js";

export interface OpenCommand {
  input: EscalationInput;
  reporterId: string;
  /** Where /escalate was typed (or a message shortcut used); null when unknown (e.g. a global shortcut). */
  reporterChannelId: string | null;
  /** Unique per submitted modal; a retried submit carries the same key. */
  submissionKey: string;
  /** The message it was opened from ("Escalate this message"), as a permalink. */
  sourceMessageUrl?: string;
}

export interface ProgressUpdateInput {
  status: string;
  done: string;
  next?: string;
  customerVisible: boolean;
  /** Posted on the escalation this one is linked to, and shared in this one's thread. */
  fromParent?: number;
}

export type OpenResult = { kind: "created"; escalation: EscalationRow } | { kind: "duplicate"; escalation: EscalationRow };

export type AcknowledgeResult =
  | Refused
  | { kind: "acknowledged"; escalation: EscalationRow; afterMs: number }
  | { kind: "already_acknowledged"; escalation: EscalationRow }
  | { kind: "already_resolved"; escalation: EscalationRow }
  | { kind: "not_found" };

export type ResolveResult =
  | Refused
  | { kind: "resolved"; escalation: EscalationRow }
  | { kind: "already_resolved"; escalation: EscalationRow }
  | { kind: "not_found" };

export type ChangeResult = { kind: "done"; escalation: EscalationRow } | NotOpen | Refused;

export type EscalateResult = ChangeResult | { kind: "not_higher"; escalation: EscalationRow };

export type SnoozeResult = { kind: "done"; escalation: EscalationRow; until: number } | NotOpen | Refused;
export type ChecklistResult = { kind: "done"; escalation: EscalationRow; ticked: string[]; unticked: string[] } | NotOpen | Refused;
export type LiftResult = { kind: "done"; escalation: EscalationRow } | { kind: "not_restricted"; escalation: EscalationRow } | NotOpen | Refused;

export type { Links, MayResult, Refused, ServiceDeps };

/**
 * The escalation use cases people start from Slack. Each runs in one transaction: decision, state,
 * timeline, clocks and the outbox rows for the Slack messages it causes, so a crash never leaves one
 * without the others.
 */
export class EscalationService {
  private readonly run: UseCaseRunner;

  constructor(private readonly deps: ServiceDeps) {
    this.run = new UseCaseRunner(deps);
  }

  get(id: number): Promise<EscalationRow | undefined> {
    return this.deps.db.read((tx) => new EscalationRepo(tx).findById(id));
  }

  /** The open escalations, most severe first, then oldest first (at most `limit`), and the total. */
  listOpen(limit: number): Promise<{ rows: EscalationRow[]; total: number }> {
    return this.deps.db.read(async (tx) => {
      const escalations = new EscalationRepo(tx);
      // One indexed query per severity, in the playbook's order (the ranking lives in the policy).
      const rows: EscalationRow[] = [];
      for (const s of this.deps.policy.severities) {
        if (rows.length >= limit) break;
        rows.push(...(await escalations.openOfSeverity(s.id, limit - rows.length)));
      }
      return { rows, total: await escalations.countOpen() };
    });
  }

  /**
   * The open escalations posted before `before` (when this database's installation was recorded:
   * by a version without signed references) are re-rendered once per signing key, so their buttons
   * carry references the key verifies instead of answering "out of date" until their next change.
   * Returns how many were queued.
   */
  async rerenderOpenPosts(keyFingerprint: string, before: number): Promise<number> {
    const queued = await this.transact([], async (steps, now) => {
      let n = 0;
      for (const esc of await steps.escalations.openPostedBefore(before)) {
        const key = outboxKey.refreshForKey(esc.id, keyFingerprint);
        if (await steps.outbox.findByDedupeKey(key)) continue;
        await steps.send(esc, { kind: "refresh_escalation" }, key, now);
        n++;
      }
      return { kind: n > 0 ? "queued" : "none", n };
    });
    if (queued.n > 0) this.deps.onOutboxWritten?.();
    return queued.n;
  }

  /** An escalation with its latest timeline events, newest first, and the escalations linked with it. */
  status(id: number, events: number): Promise<{ escalation: EscalationRow; events: TimelineEventRow[]; links: Links } | undefined> {
    return this.deps.db.read(async (tx) => {
      const repo = new EscalationRepo(tx);
      const escalation = await repo.findById(id);
      if (!escalation) return undefined;
      return { escalation, events: await new TimelineRepo(tx).latest(id, events), links: await linksOf(repo, escalation) };
    });
  }

  /** The escalations linked with this one ("Same issue as…"): its parent, or its children. */
  links(esc: EscalationRow): Promise<Links> {
    return this.deps.db.read((tx) => linksOf(new EscalationRepo(tx), esc));
  }

  /** The most recently opened open escalations, newest first: what a picker offers. */
  openNewestFirst(limit: number): Promise<EscalationRow[]> {
    return this.deps.db.read((tx) => new EscalationRepo(tx).openNewestFirst(limit));
  }

  private transact<R extends { kind: string }>(changedKinds: readonly string[], change: (steps: EscalationSteps, now: number) => Promise<R>): Promise<R> {
    return this.run.transact(changedKinds, change);
  }

  open(cmd: OpenCommand): Promise<OpenResult> {
    return this.transact(["created"], async (steps, now): Promise<OpenResult> => {
      const { escalations } = steps;
      const { policy } = this.deps;
      const existing = await escalations.findBySubmissionKey(cmd.submissionKey);
      if (existing) return { kind: "duplicate", escalation: existing };

      const { input } = cmd;
      const { classification: c, route, deadlines: d, assumptions } = decide(
        {
          text: classificationText(input),
          tier: input.tier,
          severity: input.severity,
          category: input.category,
          fields: input.fields,
          customerRequested: input.customerRequested,
        },
        policy,
        now,
      );
      const reasons = [...c.reasons, ...route.reasons, ...d.reasons, ...assumptions];
      const row = await escalations.insertOnce({
        submissionKey: cmd.submissionKey,
        severity: c.severity,
        suggestedSeverity: c.suggestedSeverity,
        category: c.category,
        suggestedCategory: c.suggestedCategory,
        alsoCategories: c.alsoCategories,
        level: route.level,
        channel: route.channels[0]!,
        channels: route.channels,
        restricted: route.restricted,
        notify: route.notify,
        cc: route.cc,
        flags: route.flags,
        reasons,
        fields: input.fields,
        customerRequested: c.customerRequested,
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
        sourceMessageUrl: cmd.sourceMessageUrl ?? null,
        createdAt: now,
        customerKey: normaliseCustomer(input.customer),
        repeat: null,
      });
      if (!row) {
        // Another process inserted the same submission between our read and write.
        const winner = await escalations.findBySubmissionKey(cmd.submissionKey);
        if (!winner) throw new Error(`submission ${cmd.submissionKey} vanished after a conflict`);
        return { kind: "duplicate", escalation: winner };
      }
      const event = await steps.record(row, now, cmd.reporterId, {
        kind: "opened",
        detail: {
          severity: row.severity,
          suggestedSeverity: row.suggestedSeverity,
          category: row.category,
          suggestedCategory: row.suggestedCategory,
          alsoCategories: row.alsoCategories,
          level: row.level,
          channels: row.channels,
          notify: row.notify,
          reasons,
        },
      });
      await steps.send(row, { kind: "post_escalation" }, outboxKey.post(row.id), now);
      for (const channel of row.channels.slice(1)) {
        await steps.send(row, { kind: "crosspost", channel }, outboxKey.crosspost(row.id, channel), now);
      }
      await steps.send(row, { kind: "confirm_reporter", userId: cmd.reporterId, channelId: cmd.reporterChannelId }, outboxKey.confirm(row.id), now);
      await steps.dmRoles(row, event, rolesToldByDm(c, policy), now);
      await steps.startClocks(row);
      await openWarRoomIfDue(steps, row, now);
      // Last: its reads wait for another opening of the same customer to commit.
      return { kind: "created", escalation: await learnFromEarlier(steps, policy, row, now) };
    });
  }

  acknowledge(id: number, actor: Actor): Promise<AcknowledgeResult> {
    const userId = actor.userId;
    return this.transact(["acknowledged"], async (steps, now): Promise<AcknowledgeResult> => {
      const esc = await steps.escalations.findForUpdate(id);
      if (!esc) return { kind: "not_found" };
      const ack = lifecycle.acknowledge(esc, userId, now, this.deps.policy);
      if ("refused" in ack) return { kind: ack.refused, escalation: esc };
      const refused = await this.run.refuse(steps, esc, "acknowledge", actor, now);
      if (refused) return refused;
      if (!(await steps.apply(esc, ack))) return { kind: "already_acknowledged", escalation: esc };

      const { afterMs } = ack;
      const event = await steps.record(esc, now, userId, { kind: "acknowledged", detail: { afterMs, level: esc.level } });
      await steps.announce(esc, event, now);
      return { kind: "acknowledged", escalation: (await steps.escalations.findById(id))!, afterMs };
    });
  }

  /** `withParent`: resolved together with the escalation it is linked to, with that one's outcome. */
  resolve(id: number, actor: Actor, input: ResolutionInput, withParent?: number): Promise<ResolveResult> {
    const userId = actor.userId;
    return this.transact(["resolved"], async (steps, now): Promise<ResolveResult> => {
      const esc = await steps.escalations.findForUpdate(id);
      if (!esc) return { kind: "not_found" };
      const resolution = lifecycle.resolve(esc, userId, input, now);
      if ("refused" in resolution) return { kind: resolution.refused, escalation: esc };
      const refused = await this.run.refuse(steps, esc, "resolve", actor, now);
      if (refused) return refused;
      // A wait on the customer ends with it (its time is kept); reminders and automatic escalation
      // stop here (its timers go with it), and the post offers Reopen until the playbook's window ends.
      const current = await steps.endWait(esc, now, userId, "resolved");
      if (!(await steps.apply(current, resolution))) return { kind: "already_resolved", escalation: esc };
      await steps.timers.set(esc.id, "reopen_closes", reopenWindowEnds(now, this.deps.policy));
      const event = await steps.record(esc, now, userId, {
        kind: "resolved",
        detail: {
          afterMs: resolution.afterMs,
          withinSla: resolution.withinSla,
          resolution: input.resolution,
          rootCause: input.rootCause,
          ...(withParent !== undefined ? { withParent } : {}),
        },
      });
      await steps.announce(esc, event, now);
      // The reporter is who talks to the customer: they hear of the outcome directly.
      await steps.tellReporter(esc, event, now);
      // A linked escalation's parent lists it as resolved from now.
      const parent = esc.parentId !== null ? await steps.escalations.findById(esc.parentId) : undefined;
      if (parent) await steps.refresh(parent, event, now);
      await warRoomResolved(steps, esc, event, now);
      return { kind: "resolved", escalation: (await steps.escalations.findById(id))! };
    });
  }

  private changeOpen<R extends { kind: string }>(
    id: number,
    action: Action,
    actor: Actor,
    change: (steps: EscalationSteps, esc: EscalationRow, now: number) => Promise<R>,
  ): Promise<R | NotOpen | Refused> {
    return this.run.changeOpen(id, action, actor, change);
  }

  /** Before a form about the escalation opens: may this person do what the form is for? */
  mayStart(id: number, action: Action, actor: Actor): Promise<MayResult> {
    return this.run.mayStart(id, action, actor);
  }

  /** A progress update: posted in the thread, shown on the message, and the update clock restarts. */
  postUpdate(id: number, actor: Actor, update: ProgressUpdateInput): Promise<ChangeResult> {
    const userId = actor.userId;
    return this.changeOpen(id, "update", actor, async (steps, esc, now) => {
      // An update ends a wait on the customer: someone is working it again.
      const current = await steps.endWait(esc, now, userId, "progress_update");
      const posted = lifecycle.postUpdate(current, userId, now, this.deps.policy);
      if ("refused" in posted) return { kind: posted.refused, escalation: esc };
      await steps.apply(current, posted);
      const { status, done, next, customerVisible, fromParent } = update;
      const event = await steps.record(esc, now, userId, {
        kind: "progress_update",
        detail: { status, done, customerVisible, ...(next !== undefined ? { next } : {}), nextUpdateDue: posted.nextUpdateDue, ...(fromParent !== undefined ? { fromParent } : {}) },
      });
      await steps.announce(esc, event, now);
      if (update.customerVisible) await steps.tellReporter(esc, event, now);
      return { kind: "done" as const, escalation: (await steps.escalations.findById(id))! };
    });
  }

  /** Puts off the next progress-update reminder, never past a pending SLA deadline. */
  snooze(id: number, actor: Actor, minutes: number): Promise<SnoozeResult> {
    const userId = actor.userId;
    return this.changeOpen(id, "snooze", actor, async (steps, esc, now) => {
      const snoozed = lifecycle.snooze(esc, minutes, now);
      if ("refused" in snoozed) return { kind: snoozed.refused, escalation: esc };
      await steps.apply(esc, snoozed);
      const { until, capped } = snoozed;
      const event = await steps.record(esc, now, userId, { kind: "snoozed", detail: { minutes, until, capped } });
      await steps.announce(esc, event, now);
      return { kind: "done" as const, escalation: (await steps.escalations.findById(id))!, until };
    });
  }

  /**
   * The owner ticks the playbook's checklist: `ticked` is every item ticked now (Slack sends the whole
   * group's state). Each change goes on the timeline; items the escalation does not have are ignored.
   */
  setChecklist(id: number, actor: Actor, ticked: readonly string[]): Promise<ChecklistResult> {
    const userId = actor.userId;
    return this.changeOpen(id, "checklist", actor, async (steps, esc, now): Promise<ChecklistResult> => {
      const checklist = lifecycle.setChecklist(esc, ticked);
      if ("refused" in checklist) return { kind: checklist.refused, escalation: esc };
      const { ticked: newlyTicked, unticked } = checklist;
      if (newlyTicked.length === 0 && unticked.length === 0) return { kind: "done", escalation: esc, ticked: [], unticked: [] };
      await steps.apply(esc, checklist);
      const label = (f: string) => this.deps.policy.flags[f] ?? f;
      let last: TimelineEventRow | undefined;
      for (const f of newlyTicked) last = await steps.record(esc, now, userId, { kind: "checklist_ticked", detail: { flag: f, label: label(f) } });
      for (const f of unticked) last = await steps.record(esc, now, userId, { kind: "checklist_unticked", detail: { flag: f, label: label(f) } });
      await steps.refresh(esc, last!, now);
      return { kind: "done", escalation: (await steps.escalations.findById(id))!, ticked: newlyTicked, unticked };
    });
  }

  /**
   * The restricted category does not apply after all (a false alarm): the escalation becomes an
   * ordinary one. The reason is kept on the timeline; the channels that got only a pointer now get
   * the details.
   */
  liftRestriction(id: number, actor: Actor, reason: string): Promise<LiftResult> {
    return this.changeOpen(id, "liftRestriction", actor, async (steps, esc, now): Promise<LiftResult> => {
      const lift = lifecycle.liftRestriction(esc);
      if ("refused" in lift) return { kind: lift.refused, escalation: esc };
      await steps.apply(esc, lift);
      const event = await steps.record(esc, now, actor.userId, { kind: "restriction_lifted", detail: { reason } });
      const lifted = (await steps.escalations.findById(id))!;
      await steps.announce(lifted, event, now);
      for (const channel of lifted.channels.slice(1)) {
        await steps.send(lifted, { kind: "crosspost", channel }, outboxKey.crosspostAfterLift(id, channel, event.id), now);
      }
      return { kind: "done", escalation: lifted };
    });
  }

  /** Escalate by hand to the next level, or to a chosen higher one. */
  escalate(id: number, actor: Actor, toLevel: string | undefined, reason: string): Promise<EscalateResult> {
    const userId = actor.userId;
    return this.changeOpen(id, "escalate", actor, async (steps, esc, now): Promise<EscalateResult> => {
      // Only along the playbook's escalation path: a technical escalation never jumps to the billing team.
      const move = lifecycle.escalate(esc, toLevel, now, this.deps.policy);
      if ("refused" in move) return { kind: move.refused, escalation: esc };
      const { escalation } = await steps.moveToLevel(esc, move, now, {
        actor: userId,
        trigger: "manual",
        reason: `${levelLabel(this.deps.policy, esc.level)} → ${move.to.label}: ${reason}`,
      });
      return { kind: "done", escalation };
    });
  }
}
