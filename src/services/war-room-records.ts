import type { Db } from "../db/connection.js";
import type { OutboxRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { deliveryRoute, outboxKey } from "../domain/outbox-intent.js";
import { severityRank } from "../domain/playbook/lookup.js";
import type { Policy } from "../domain/playbook/model.js";
import type { TimelineEventOf } from "../domain/timeline-event.js";
import { roomArchiveAt, roomStatusDue } from "../domain/war-room.js";
import { inSteps, type EscalationSteps } from "./escalation-steps.js";

/**
 * What making, and archiving, a war room changes in the records, each in one transaction: the
 * channel is kept the moment Slack made it (a retry must never make a second one), the room's
 * readiness is told in the thread and on the post and starts the commander's status clock; a room
 * that cannot be made is said plainly, and the escalation goes on without it.
 */
export class WarRoomRecords {
  constructor(
    private readonly db: Db,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  private steps<T>(fn: (steps: EscalationSteps) => Promise<T>): Promise<T> {
    return inSteps(this.db, this.policy, fn);
  }

  /** Slack made the channel: kept at once, before anything else is tried in it. */
  created(escalationId: number, channelId: string, name: string): Promise<void> {
    return this.steps(async (steps) => void (await steps.escalations.update(escalationId, { warRoomChannelId: channelId, warRoomName: name })));
  }

  /** The room is ready (people invited, topic set, summary pinned): the thread and the post say where it is. */
  ready(row: OutboxRow, escalationId: number, detail: TimelineEventOf<"war_room_opened">["detail"]): Promise<void> {
    const now = this.clock.now();
    return this.steps(async (steps) => {
      await steps.outbox.markSent(row.id, now);
      const esc = await steps.escalations.findForUpdate(escalationId);
      if (!esc) return;
      const event = await steps.record(esc, now, null, { kind: "war_room_opened", detail });
      await steps.announce(esc, event, now);
      const room = this.policy.warRoom;
      if (room && esc.status !== "resolved") await steps.timers.set(esc.id, "room_status", roomStatusDue(now, room));
      // Resolved while its room was being made: archived the playbook's delay from now.
      if (room && esc.status === "resolved") await steps.timers.set(esc.id, "room_archive", roomArchiveAt(now, room));
    });
  }

  /** No room could be made (Slack's `error`): on the timeline, in the thread, and to the reporter. */
  failed(row: OutboxRow, escalationId: number, error: string): Promise<void> {
    const now = this.clock.now();
    return this.steps(async (steps) => {
      await steps.outbox.markSent(row.id, now);
      const esc = await steps.escalations.findForUpdate(escalationId);
      if (!esc) return;
      const event = await steps.record(esc, now, null, { kind: "war_room_failed", detail: { error } });
      await steps.reply(esc, event, now);
      const problem = { kind: "delivery_problem" as const, userId: esc.reporterId, what: "the war room", error, waiting: false };
      await steps.outbox.enqueue(esc.id, problem, outboxKey.problem(row.id), now, deliveryRoute(problem, esc, severityRank(this.policy, esc.severity)));
    });
  }

  /** Archived after the playbook's delay: kept, and the post says so. */
  archived(row: OutboxRow, escalationId: number, channelId: string): Promise<void> {
    const now = this.clock.now();
    return this.steps(async (steps) => {
      await steps.outbox.markSent(row.id, now);
      const esc = await steps.escalations.findForUpdate(escalationId);
      if (!esc) return;
      await steps.escalations.update(esc.id, { warRoomArchivedAt: now });
      await steps.timers.clear(esc.id, "room_status");
      const event = await steps.record(esc, now, null, { kind: "war_room_archived", detail: { channelId } });
      await steps.send(esc, { kind: "refresh_escalation" }, outboxKey.refresh(esc.id, event.id), now);
    });
  }
}
