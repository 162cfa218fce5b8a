import type { Db } from "../db/connection.js";
import type { IntegrationSwitches } from "../domain/integration-events.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { LeaseRepo } from "../db/lease-repo.js";
import type { EscalationRow, TimerRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { formatElapsed } from "../domain/duration.js";
import * as lifecycle from "../domain/lifecycle.js";
import { level, levelLabel, nextLevel, severityLabel } from "../domain/playbook/lookup.js";
import type { Policy } from "../domain/playbook/model.js";
import { TimerRepo } from "../db/timer-repo.js";
import { inSteps, type EscalationSteps } from "./escalation-steps.js";
import { outboxKey } from "../domain/outbox-intent.js";
import { roomStatusDue } from "../domain/war-room.js";
import { tellRoom } from "./war-room-service.js";
import { WeeklyReviewService, type ReviewOutcome } from "./weekly-review-service.js";

export interface ClockServiceDeps {
  db: Db;
  clock: Clock;
  policy: Policy;
  /** Identifies this process in the scheduler lease. */
  holder: string;
  /** How long the lease lasts without renewal; a crashed leader is replaced after this. */
  leaseTtlMs: number;
  onOutboxWritten?: () => void;
  /** Told of each resolution target missed, once its breach is committed (the /metrics counter). */
  onBreach?: (esc: EscalationRow) => void;
  /** The integrations configured: an automatic escalation is told to them too. */
  integrations?: IntegrationSwitches;
}

export interface TickResult {
  /** False when another process holds the scheduler lease; nothing was done. */
  leader: boolean;
  handled: number;
  /** More timers were due than one tick handles; call again soon (after letting requests through). */
  more: boolean;
  /** What each handled clock did, for the log: one entry per timer that still applied. */
  actions: ClockAction[];
  /** The weekly review this tick posted (or, the first time, recorded as its start); undefined when none was due. */
  review?: ReviewOutcome | undefined;
}

export interface ClockAction {
  escalationId: number;
  timer: TimerRow["kind"];
  /** What happened: "escalated to tier3", "reminded", "warned", "breach recorded", ... */
  outcome: string;
}

const LEASE = "scheduler";
const BATCH = 200;
/** Timers handled per tick at most, so a backlog after downtime never blocks requests for long. */
export const MAX_PER_TICK = 1_000;

/**
 * What happens when nobody is watching: each tick handles the clocks that have run out, each in its
 * own transaction, and moves or deletes the timer so that it is never handled twice. After downtime
 * every clock fires once (reminders count on from now), so missed periods collapse into one nudge.
 */
export class ClockService {
  private readonly reviews: WeeklyReviewService;
  /** Since when this process has held the lease without a break: was it running at a review's time? */
  private leadingSince: number | undefined;

  constructor(private readonly deps: ClockServiceDeps) {
    this.reviews = new WeeklyReviewService(deps);
  }

  async tick(now: number = this.deps.clock.now(), max: number = MAX_PER_TICK): Promise<TickResult> {
    const { db, holder, leaseTtlMs } = this.deps;
    const leader = await db.transaction((tx) => new LeaseRepo(tx).tryAcquire(LEASE, holder, now, leaseTtlMs));
    if (!leader) {
      this.leadingSince = undefined;
      return { leader: false, handled: 0, more: false, actions: [] };
    }
    this.leadingSince ??= now;
    let handled = 0;
    const actions: ClockAction[] = [];
    while (handled < max) {
      const limit = Math.min(BATCH, max - handled);
      const due = await db.read((tx) => new TimerRepo(tx).due(now, limit));
      for (const timer of due) {
        const outcome = await inSteps(db, this.deps.policy, (steps) => this.handle(steps, timer, now), this.deps.integrations);
        if (outcome) actions.push({ escalationId: timer.escalationId, timer: timer.kind, outcome });
        if (outcome && timer.kind === "resolution_breach") await this.tellBreach(timer.escalationId);
        handled++;
      }
      if (due.length < limit) break;
    }
    const more = handled >= max && (await db.read((tx) => new TimerRepo(tx).due(now, 1))).length > 0;
    if (handled > 0) this.deps.onOutboxWritten?.();
    // After the escalations' clocks: a review that cannot be built (it throws) never holds them up.
    const review = await this.reviews.postDue(now, this.leadingSince);
    if (review?.kind === "posted") this.deps.onOutboxWritten?.();
    return { leader: true, handled, more, actions, review };
  }

  /** Breaches are rare: the escalation is read again for whoever counts them, after the commit. */
  private async tellBreach(escalationId: number): Promise<void> {
    if (!this.deps.onBreach) return;
    const esc = await this.deps.db.read((tx) => new EscalationRepo(tx).findById(escalationId));
    if (esc) this.deps.onBreach(esc);
  }

  /** Lets another process take over at once (clean shutdown). */
  async release(): Promise<void> {
    await this.deps.db.transaction((tx) => new LeaseRepo(tx).release(LEASE, this.deps.holder));
  }

  /** Handles one timer; says what it did, or undefined when the timer no longer applied. */
  private async handle(steps: EscalationSteps, seen: TimerRow, now: number): Promise<string | undefined> {
    // The escalation first, as every change to it does (no deadlock), then the timer again: gone or
    // moved when an earlier timer in this tick (a level change replaced the budget) or another
    // process got to it first, since every handler below sets its clock again or clears it. A
    // timer's escalation never changes (setting it again only moves its due time).
    const esc = await steps.escalations.findForUpdate(seen.escalationId);
    const timer = await steps.timers.findForUpdate(seen.id);
    if (!timer || timer.dueAt > now) return undefined;
    if (timer.kind === "reopen_closes") return this.closeReopenWindow(steps, esc, timer, now);
    if (timer.kind === "room_archive") return this.archiveRoom(steps, esc, timer, now);
    if (!esc || esc.status === "resolved") {
      await steps.timers.clearAll(timer.escalationId);
      return undefined;
    }
    switch (timer.kind) {
      case "ack":
        return this.firstResponseMissed(steps, esc, timer, now);
      case "level_budget":
        return this.levelBudgetUsed(steps, esc, now);
      case "update":
        return this.remindOwner(steps, esc, now);
      case "resolution_warn":
        return this.warnResolution(steps, esc, now);
      case "resolution_breach":
        return this.recordBreach(steps, esc, now);
      case "room_status":
        return this.remindCommander(steps, esc, now);
    }
  }

  /** The war room's delay after the resolution is over: the deliverer archives it. */
  private async archiveRoom(steps: EscalationSteps, esc: EscalationRow | undefined, timer: TimerRow, now: number): Promise<string | undefined> {
    await steps.timers.clear(timer.escalationId, "room_archive");
    // Reopened since (its reopening calls the archive off too), or archived already: nothing to do.
    if (!esc || esc.status !== "resolved" || esc.warRoomArchivedAt !== null) return undefined;
    await steps.send(esc, { kind: "archive_war_room" }, outboxKey.archiveRoom(esc.id, esc.resolvedAt ?? timer.dueAt), now);
    return "war room archived";
  }

  /** No status in the war room for the playbook's cadence: the commander (else the owner) is reminded there. */
  private async remindCommander(steps: EscalationSteps, esc: EscalationRow, now: number): Promise<string | undefined> {
    const room = this.deps.policy.warRoom;
    if (!room || esc.warRoomChannelId === null || esc.warRoomArchivedAt !== null) {
      await steps.timers.clear(esc.id, "room_status");
      return undefined;
    }
    const nextStatusDue = roomStatusDue(now, room);
    await steps.timers.set(esc.id, "room_status", nextStatusDue);
    const to = esc.commanderId ?? esc.ownerId ?? esc.acknowledgedBy;
    const since = esc.roomStatusAt ?? esc.createdAt;
    const event = await steps.record(esc, now, null, { kind: "room_status_reminder", detail: { to, sinceMs: now - since, nextStatusDue } });
    await tellRoom(steps, esc, event, now);
    return `war room status reminder sent to ${to ?? "the room"}`;
  }

  /** A resolved escalation's reopen window ended: its post no longer offers Reopen. */
  private async closeReopenWindow(steps: EscalationSteps, esc: EscalationRow | undefined, timer: TimerRow, now: number): Promise<string | undefined> {
    await steps.timers.clear(timer.escalationId, "reopen_closes");
    if (!esc || esc.status !== "resolved" || !esc.messageTs) return undefined;
    await steps.send(esc, { kind: "refresh_escalation" }, outboxKey.reopenClosed(esc.id, timer.dueAt), now);
    return "reopen window closed: post refreshed";
  }

  /** Not acknowledged in time: up one level, and the level's manager is told directly. */
  private async firstResponseMissed(steps: EscalationSteps, esc: EscalationRow, timer: TimerRow, now: number): Promise<string> {
    const { policy } = this.deps;
    const missed = level(policy, esc.level);
    const late = formatElapsed(now - timer.dueAt);
    const up = nextLevel(policy, esc.level, esc.severity);
    const managers = missed.manager ? [missed.manager] : [];
    if (!up) {
      await steps.timers.clear(esc.id, "ack");
      const event = await steps.record(esc, now, null, {
        kind: "ack_missed",
        detail: { level: esc.level, reason: `Not acknowledged by ${missed.label} within the first-response target, and there is no higher level` },
      });
      await steps.announce(esc, event, now);
      await steps.dmRoles(esc, event, managers, now);
      return `not acknowledged at the top level ${esc.level}; ${toldWhom(managers)}`;
    }
    const { escalation, event } = await steps.moveToLevel(esc, lifecycle.moveToLevel(esc, up.id, now, policy), now, {
      actor: null,
      trigger: "ack_missed",
      reason: `Not acknowledged by ${missed.label} within the first-response target${late === "under a minute" ? "" : ` (${late} late)`} → ${up.label}`,
    });
    await steps.dmRoles(escalation, event, managers, now);
    return `not acknowledged: escalated ${esc.level} → ${up.id}; ${toldWhom([...up.notify, ...managers])}`;
  }

  /** Time at the level is up (Fleet: Tier 1 > 4 h → Tier 2, Tier 2 > 8 h → Tier 3). */
  private async levelBudgetUsed(steps: EscalationSteps, esc: EscalationRow, now: number): Promise<string | undefined> {
    const { policy } = this.deps;
    const here = level(policy, esc.level);
    const up = nextLevel(policy, esc.level, esc.severity);
    if (!up) {
      await steps.timers.clear(esc.id, "level_budget");
      return undefined;
    }
    await steps.moveToLevel(esc, lifecycle.moveToLevel(esc, up.id, now, policy), now, {
      actor: null,
      trigger: "level_budget",
      reason: `Escalated to ${up.label}: ${here.label} budget used (${formatElapsed(now - esc.levelSince)} at ${here.label})`,
    });
    return `level budget used: escalated ${esc.level} → ${up.id}; ${toldWhom(up.notify)}`;
  }

  /** A progress update is due: nudge the owner in the thread; the next nudge counts from now. */
  private async remindOwner(steps: EscalationSteps, esc: EscalationRow, now: number): Promise<string> {
    const reminded = lifecycle.remindOfUpdate(esc, now, this.deps.policy);
    await steps.apply(esc, reminded);
    const since = esc.lastUpdateAt ?? esc.createdAt;
    const event = await steps.record(esc, now, null, {
      kind: "update_reminder",
      detail: {
        owner: esc.ownerId ?? esc.acknowledgedBy,
        level: esc.level,
        sinceLastUpdateMs: now - since,
        nextUpdateDue: reminded.nextUpdateDue,
        lastUpdateAt: esc.lastUpdateAt,
      },
    });
    await steps.reply(esc, event, now);
    await steps.refresh(esc, event, now);
    return `update reminder sent to ${esc.ownerId ?? esc.acknowledgedBy ?? esc.level}`;
  }

  /**
   * Most of the resolution target is used: warn the owner and the playbook's warn roles; when the
   * playbook says so, the next level on the path takes it over before the breach.
   */
  private async warnResolution(steps: EscalationSteps, esc: EscalationRow, now: number): Promise<string | undefined> {
    await steps.timers.clear(esc.id, "resolution_warn");
    if (now >= esc.resolutionDue) return undefined; // already breached: the breach says it once
    const { policy } = this.deps;
    const event = await steps.record(esc, now, null, {
      kind: "resolution_warning",
      detail: {
        resolutionDue: esc.resolutionDue,
        share: policy.triggers.resolutionWarnAt,
        reason: `${Math.round(policy.triggers.resolutionWarnAt * 100)} % of the ${severityLabel(policy, esc.severity)} resolution target used`,
        owner: esc.ownerId ?? esc.acknowledgedBy,
        level: esc.level,
      },
    });
    await steps.announce(esc, event, now);
    const roles = this.rolesFor(policy.triggers.warnNotify, esc);
    await steps.dmRoles(esc, event, roles, now);
    const up = policy.triggers.warnEscalates ? nextLevel(policy, esc.level, esc.severity) : undefined;
    if (!up) return `resolution target nearly used: owner warned in the thread; ${toldWhom(roles)}`;
    await steps.moveToLevel(esc, lifecycle.moveToLevel(esc, up.id, now, policy), now, {
      actor: null,
      trigger: "breach_imminent",
      reason: `Resolution target about to be missed at ${level(policy, esc.level).label} → ${up.label}`,
    });
    return `resolution target nearly used: escalated ${esc.level} → ${up.id}; ${toldWhom([...roles, ...up.notify])}`;
  }

  /** The resolution target passed: record the breach and tell management. */
  private async recordBreach(steps: EscalationSteps, esc: EscalationRow, now: number): Promise<string> {
    const { policy } = this.deps;
    // The breach is kept; its timer and the warning's go with it.
    await steps.apply(esc, lifecycle.breach(now));
    const event = await steps.record(esc, now, null, {
      kind: "sla_breach",
      detail: { resolutionDue: esc.resolutionDue, reason: `${severityLabel(policy, esc.severity)} resolution target missed at ${levelLabel(policy, esc.level)}` },
    });
    await steps.announce(esc, event, now);
    const roles = this.rolesFor(policy.triggers.breachNotify, esc);
    await steps.dmRoles(esc, event, roles, now);
    return `resolution SLA breached: recorded; ${toldWhom(roles)}`;
  }

  /**
   * Who hears of a warning or breach by DM: the playbook's roles for it, else the manager of the
   * level that owns the escalation now (a breached how-to question does not wake the CEO).
   */
  private rolesFor(playbookRoles: readonly string[], esc: EscalationRow): string[] {
    if (playbookRoles.length > 0) return [...playbookRoles];
    const manager = level(this.deps.policy, esc.level).manager;
    return manager ? [manager] : [];
  }
}

/** "told support-manager, vp-engineering by DM" for the log: who was actually told. */
function toldWhom(roles: readonly string[]): string {
  const unique = [...new Set(roles)];
  return unique.length > 0 ? `told ${unique.join(", ")} by DM` : "nobody told by DM (no role for it in the playbook)";
}
