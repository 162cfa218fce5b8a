import { EscalationRepo } from "../db/escalation-repo.js";
import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import * as lifecycle from "../domain/lifecycle.js";
import { outboxKey } from "../domain/outbox-intent.js";
import type { Actor } from "../domain/permissions.js";
import { roomArchiveAt, roomStatusDue, warRoomFor } from "../domain/war-room.js";
import type { EscalationSteps } from "./escalation-steps.js";
import type { NotOpen, Refused, UseCaseRunner } from "./use-case.js";

export type CommanderResult = { kind: "done"; escalation: EscalationRow } | { kind: "already_commander"; escalation: EscalationRow } | NotOpen | Refused;

export type RoomStatusResult = { kind: "counted"; escalation: EscalationRow } | { kind: "ignored"; why: string };

/**
 * The war room's own use cases: naming the incident commander, and a status posted in the room
 * (which is the escalation's progress update too). Making, refreshing and archiving the room are
 * steps of other use cases (below) carried out by the deliverer.
 */
export class WarRoomService {
  constructor(private readonly run: UseCaseRunner) {}

  /** The escalation whose war room `channelId` is, if any. */
  findByRoom(channelId: string): Promise<EscalationRow | undefined> {
    return this.run.deps.db.read((tx) => new EscalationRepo(tx).findByWarRoom(channelId));
  }

  /** `to` commands the incident: the post, the room's topic and summary say so, and they are told. */
  assignCommander(id: number, actor: Actor, to: string): Promise<CommanderResult> {
    return this.run.changeOpen(id, "assignCommander", actor, async (steps, esc, now): Promise<CommanderResult> => {
      if (esc.commanderId === to) return { kind: "already_commander", escalation: esc };
      if (!(await steps.escalations.update(id, { commanderId: to }, "unresolved"))) return { kind: "already_resolved", escalation: esc };
      const event = await steps.record(esc, now, actor.userId, { kind: "commander_assigned", detail: { from: esc.commanderId, to } });
      const current = (await steps.escalations.findById(id))!;
      await steps.announce(current, event, now);
      await tellRoom(steps, current, event, now);
      await steps.tellPerson(current, event, to, now);
      return { kind: "done", escalation: current };
    });
  }

  /**
   * A person's message in the war room is a status: the commander's reminder counts from it, and it
   * is the escalation's progress update (the update clock starts again, a wait on the customer ends).
   */
  status(id: number, userId: string, ts: string): Promise<RoomStatusResult> {
    const { policy } = this.run;
    return this.run.transact(["counted"], async (steps, now): Promise<RoomStatusResult> => {
      const found = await steps.escalations.findForUpdate(id);
      if (!found || found.status === "resolved") return { kind: "ignored", why: found ? "resolved" : "not_found" };
      const room = warRoomFor(found, policy) ?? policy.warRoom;
      if (!room || found.warRoomArchivedAt !== null) return { kind: "ignored", why: "no_room" };
      const esc = await steps.endWait(found, now, userId, "progress_update");
      const posted = lifecycle.postUpdate(esc, userId, now, policy);
      if ("refused" in posted) return { kind: "ignored", why: posted.refused };
      await steps.apply(esc, posted);
      await steps.escalations.update(id, { roomStatusAt: now });
      const nextStatusDue = roomStatusDue(now, room);
      await steps.timers.set(id, "room_status", nextStatusDue);
      const event = await steps.record(esc, now, userId, { kind: "room_status", detail: { ts, nextUpdateDue: posted.nextUpdateDue, nextStatusDue } });
      await steps.refresh(esc, event, now);
      return { kind: "counted", escalation: (await steps.escalations.findById(id))! };
    });
  }
}

/** A message in the war room about `event`, once the room exists (or is being made). */
export async function tellRoom(steps: EscalationSteps, esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
  if (esc.warRoomArchivedAt !== null || !hasRoom(esc, steps)) return;
  await steps.send(esc, { kind: "room_notice", eventId: event.id }, outboxKey.roomNotice(event.id), now);
}

/** Asked for or made: rows about the room wait behind its making in the room's own queue. */
const hasRoom = (esc: EscalationRow, steps: EscalationSteps): boolean => esc.warRoomChannelId !== null || warRoomFor(esc, steps.policy) !== undefined;

/**
 * The escalation qualifies for a war room (on opening, or after a change of severity or category)
 * and has none: the deliverer makes it. Once per escalation: a room that could not be made is not
 * tried again by a later change.
 */
export async function openWarRoomIfDue(steps: EscalationSteps, esc: EscalationRow, now: number): Promise<void> {
  if (esc.status === "resolved" || esc.warRoomChannelId !== null || !warRoomFor(esc, steps.policy)) return;
  await steps.send(esc, { kind: "open_war_room" }, outboxKey.openRoom(esc.id), now);
}

/**
 * Resolved: the room hears the outcome, and is archived after the playbook's delay (a timer, so it
 * survives restarts). A room still being made is archived counting from its making (war-room-records.ts).
 */
export async function warRoomResolved(steps: EscalationSteps, esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
  const room = steps.policy.warRoom;
  if (!room || esc.warRoomChannelId === null || esc.warRoomArchivedAt !== null) return;
  await tellRoom(steps, esc, event, now);
  await steps.timers.set(esc.id, "room_archive", roomArchiveAt(now, room));
}

/**
 * Reopened: a room not archived yet stays (its archive is called off) and its status reminders
 * start again; one already archived is left so (its history is still there).
 */
export async function warRoomReopened(steps: EscalationSteps, esc: EscalationRow, event: TimelineEventRow, now: number): Promise<void> {
  await steps.timers.clear(esc.id, "room_archive");
  const room = steps.policy.warRoom;
  if (!room || esc.warRoomChannelId === null || esc.warRoomArchivedAt !== null) return;
  await tellRoom(steps, esc, event, now);
  await steps.timers.set(esc.id, "room_status", roomStatusDue(now, room));
}
