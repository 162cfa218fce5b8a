import type { Db, Tx } from "../db/connection.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import { TimerRepo } from "../db/timer-repo.js";
import { resolutionWarnAt } from "../domain/clocks.js";
import { clockFor } from "../domain/deadlines.js";
import { timerChanges, type Change, type Move } from "../domain/lifecycle.js";
import { holdWhilePaused, resume } from "../domain/waiting.js";
import { deliveryRoute, outboxKey, type OutboxIntent } from "../domain/outbox-intent.js";
import { levelLabel, severityRank } from "../domain/playbook/lookup.js";
import type { EscalationTrigger, ResumeCause, TimelineEvent } from "../domain/timeline-event.js";
import type { Policy } from "../domain/playbook/model.js";
import { HomeRepo } from "../db/home-repo.js";
import { HomeChanges } from "./home-changes.js";
import { NO_INTEGRATIONS, type IntegrationSwitches } from "../domain/integration-events.js";
import { queueIntegrationEvents } from "./integration-outbox.js";

/**
 * Runs `fn` in one transaction with the steps it is made of; before it commits, the App Homes its
 * changes concern are scheduled to be published again (home-changes.ts).
 */
export function inSteps<T>(db: Db, policy: Policy, fn: (steps: EscalationSteps) => Promise<T>, integrations: IntegrationSwitches = NO_INTEGRATIONS): Promise<T> {
  return db.transaction(async (tx) => {
    const steps = new EscalationSteps(tx, policy, integrations);
    const result = await fn(steps);
    await steps.queueIntegrationEvents();
    await steps.homes.schedule(steps.escalations);
    return result;
  });
}

/**
 * The building blocks every use case is made of, run inside the caller's transaction (the one they are built on): record a
 * timeline event, announce it in Slack (through the outbox), DM roles, move to another level, and
 * keep the escalation's clocks. Shared so a manual and an automatic escalation are the same step.
 */
export class EscalationSteps {
  readonly escalations: EscalationRepo;
  readonly timeline: TimelineRepo;
  readonly outbox: OutboxRepo;
  readonly timers: TimerRepo;
  /** The people whose App Home this transaction's changes concern. */
  readonly homes: HomeChanges;
  /** Lifecycle events recorded in this transaction, for the integrations (queueIntegrationEvents). */
  private readonly recorded: { esc: EscalationRow; event: TimelineEvent & { id: number }; now: number }[] = [];

  constructor(
    tx: Tx,
    readonly policy: Policy,
    /** The integrations configured: a lifecycle event recorded is also queued for them. */
    private readonly integrations: IntegrationSwitches = NO_INTEGRATIONS,
  ) {
    this.escalations = new EscalationRepo(tx);
    this.timeline = new TimelineRepo(tx);
    this.outbox = new OutboxRepo(tx);
    this.timers = new TimerRepo(tx);
    this.homes = new HomeChanges(new HomeRepo(tx), policy);
  }

  /** A message for Slack, in its destination's queue, sent after the caller's transaction commits. */
  async send(esc: EscalationRow, intent: OutboxIntent, dedupeKey: string, now: number): Promise<void> {
    await this.outbox.enqueue(esc.id, intent, dedupeKey, now, deliveryRoute(intent, esc, severityRank(this.policy, esc.severity)));
  }

  /** Keeps what happened on the escalation's timeline; `actor` is null for the bot's own doing. */
  async record(esc: EscalationRow, now: number, actor: string | null, event: TimelineEvent): Promise<TimelineEventRow> {
    // A refusal changes nothing anyone's Home shows.
    if (event.kind !== "refused") this.homes.noted(esc, actor, now);
    const row = await this.timeline.append({ escalationId: esc.id, at: now, actor, ...event });
    if (this.integrations.pagerduty || this.integrations.webhook) this.recorded.push({ esc, event: { ...event, id: row.id }, now });
    return row;
  }

  /**
   * The integrations' events for what this transaction recorded, queued last, so an escalation's
   * post is already in the outbox (their rows wait for it, and the page links to its thread).
   */
  async queueIntegrationEvents(): Promise<void> {
    for (const { esc, event, now } of this.recorded.splice(0)) await queueIntegrationEvents(this.outbox, this.policy, this.integrations, esc, event, now);
  }

  /**
   * Writes what a transition of domain/lifecycle.ts decided: its columns, and the timers that follow
   * them. False when its precondition no longer held as it was written (someone got there first):
   * then nothing was written.
   */
  async apply(esc: EscalationRow, change: Change): Promise<boolean> {
    if (!(await this.escalations.update(esc.id, change.changes, change.onlyIf))) return false;
    // A resolved escalation has no timers left: one statement rather than one per kind.
    if (change.changes.status === "resolved") {
      await this.timers.clearAll(esc.id);
      return true;
    }
    // The wait itself (waiting.ts) says which timers stop and start; any other change made while
    // the escalation waits on the customer holds the paused clocks' timers until it resumes.
    const waitChanges = change.changes.pausedAt !== undefined;
    const { timers, pausedTimers } = waitChanges ? { timers: timerChanges(change), pausedTimers: undefined } : holdWhilePaused(esc, timerChanges(change), this.policy);
    if (pausedTimers) await this.escalations.update(esc.id, { pausedTimers });
    await this.timers.change(esc.id, timers);
    return true;
  }

  /**
   * The wait on the customer ends (`how`): the paused clocks run again with their deadlines moved by
   * the time paused, which the timeline keeps. Nothing happens when it was not waiting. Answers the
   * escalation as it is now.
   */
  async endWait(esc: EscalationRow, now: number, actor: string | null, how: ResumeCause): Promise<EscalationRow> {
    const resumed = resume(esc, now, this.policy);
    if ("refused" in resumed) return esc;
    await this.apply(esc, resumed);
    const event = await this.record(esc, now, actor, { kind: "resumed", detail: { pausedMs: resumed.pausedMs, how } });
    const current = (await this.escalations.findById(esc.id))!;
    // Said on its own only when nothing else will say it (a progress update or a resolution does).
    if (how === "customer_replied" || how === "thread_reply") await this.announce(current, event, now);
    return current;
  }

  /** A direct message to one person about `event` (the new owner, the last owner of a reopened escalation). */
  async tellPerson(esc: EscalationRow, event: TimelineEventRow, userId: string, now: number): Promise<void> {
    if (event.actor === userId) return;
    await this.send(esc, { kind: "person_notice", eventId: event.id, userId }, outboxKey.person(event.id, userId), now);
  }

  /** The message re-rendered and a reply in its thread saying what happened (one statement). */
  async announce(esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
    await this.sendAll(esc, [...this.refreshes(esc, event), [{ kind: "thread_notice", eventId: event.id }, outboxKey.notice(event.id)]], now);
  }

  /** A thread reply without re-rendering the message (reminders). */
  async reply(esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
    await this.send(esc, { kind: "thread_notice", eventId: event.id }, outboxKey.notice(event.id), now);
  }

  /** The message re-rendered; its war room's topic and pinned summary too, while it has one. */
  async refresh(esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
    await this.sendAll(esc, this.refreshes(esc, event), now);
  }

  private refreshes(esc: EscalationRow, event: TimelineEventRow): [OutboxIntent, string][] {
    return [
      [{ kind: "refresh_escalation" }, outboxKey.refresh(esc.id, event.id)],
      ...(esc.warRoomChannelId && esc.warRoomArchivedAt === null ? [[{ kind: "refresh_war_room" }, outboxKey.refreshRoom(esc.id, event.id)] as [OutboxIntent, string]] : []),
    ];
  }

  /** Several messages about `esc` (never its post), written in one statement. */
  private async sendAll(esc: EscalationRow, messages: readonly [OutboxIntent, string][], now: number): Promise<void> {
    const rank = severityRank(this.policy, esc.severity);
    await this.outbox.enqueueAll(esc.id, messages.map(([intent, dedupeKey]) => ({ intent, dedupeKey, route: deliveryRoute(intent, esc, rank) })), now);
  }

  /** A DM to the reporter about `event`, unless they caused it themselves. */
  async tellReporter(esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
    if (event.actor === esc.reporterId) return;
    await this.send(esc, { kind: "reporter_notice", eventId: event.id, userId: esc.reporterId }, outboxKey.reporter(event.id), now);
  }

  /** A direct message about `event` to every member of each role. */
  async dmRoles(esc: EscalationRow, event: TimelineEventRow, roles: readonly string[], now: number): Promise<void> {
    for (const role of new Set(roles)) {
      await this.send(esc, { kind: "dm_role", eventId: event.id, role }, outboxKey.dm(event.id, role), now);
    }
  }

  /** Sets the timers of a freshly opened escalation from its stored deadlines. */
  async startClocks(esc: EscalationRow): Promise<void> {
    const { calendar } = clockFor(esc, this.policy);
    await this.timers.change(esc.id, {
      ack: esc.firstResponseDue,
      ...(esc.nextUpdateDue !== null ? { update: esc.nextUpdateDue } : {}),
      resolution_warn: resolutionWarnAt(esc.createdAt, esc.resolutionDue, this.policy.triggers.resolutionWarnAt, calendar),
      resolution_breach: esc.resolutionDue,
      ...(esc.levelBudgetDue !== null ? { level_budget: esc.levelBudgetDue } : {}),
    });
  }

  /**
   * Hands the escalation to another level (`move`, from domain/lifecycle.ts): the new level owns it
   * and must acknowledge it within the first-response target (counted from now), its time budget
   * starts, its channel gets a handoff post linking to the thread and its roles are told. The SLA's
   * resolution target stays.
   */
  async moveToLevel(
    esc: EscalationRow,
    move: Move,
    now: number,
    how: { actor: string | null; trigger: EscalationTrigger; reason: string; down?: boolean },
  ): Promise<{ escalation: EscalationRow; event: TimelineEventRow }> {
    const target = move.to;
    await this.apply(esc, move);
    const moved = (await this.escalations.findById(esc.id))!;
    // What its notices say is kept with the event: a handoff sent late names this move, not a later one.
    const detail = {
      from: esc.level,
      to: target.id,
      fromLabel: levelLabel(this.policy, esc.level),
      toLabel: target.label,
      reason: how.reason,
      previousOwner: esc.ownerId ?? esc.acknowledgedBy,
      firstResponseDue: moved.firstResponseDue,
    };
    // Handed back down (where the playbook allows it) or up: the same handover, told as what it is.
    const event = how.down
      ? await this.record(esc, now, how.actor, { kind: "deescalated", detail })
      : await this.record(esc, now, how.actor, { kind: "escalated", detail: { ...detail, trigger: how.trigger } });
    await this.announce(moved, event, now);
    for (const channel of target.channels.filter((c) => c !== moved.channel)) {
      await this.send(moved, { kind: "handoff", eventId: event.id, channel }, outboxKey.handoff(event.id, channel), now);
    }
    await this.dmRoles(moved, event, target.notify, now);
    return { escalation: moved, event };
  }
}
