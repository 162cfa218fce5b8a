import { addSlaDuration } from "./business-calendar.js";
import type { Escalation } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import { managerRoles, restrictedRoles } from "./permissions.js";
import { level } from "./playbook/lookup.js";
import type { Policy, WarRoomSpec } from "./playbook/model.js";

/**
 * The war room of a major incident: which escalations get one (the playbook's `warRoom`), what the
 * channel is called, who is invited, and its clocks (the commander's status cadence, the archive
 * after the resolution). Pure: the Slack side makes the channel from what this decides.
 */

/** Slack's limit on a channel name. */
export const MAX_ROOM_NAME = 80;
/** Words of the summary kept in the name: enough to recognise the incident in the sidebar. */
const SUMMARY_WORDS = 3;
/** Words that say nothing in a channel name. */
const FILLER = new Set("a an the and or of to in on for with is are was not at by from their our its".split(" "));

/** The playbook's war room when this escalation qualifies for one (by severity or category); else undefined. */
export function warRoomFor(esc: Pick<Escalation, "severity" | "category" | "alsoCategories">, policy: Policy): WarRoomSpec | undefined {
  const room = policy.warRoom;
  if (!room) return undefined;
  if (room.severities.includes(esc.severity)) return room;
  return [esc.category, ...esc.alsoCategories].some((c) => room.categories.includes(c)) ? room : undefined;
}

/** Lower-case ASCII words of a text: accents dropped (Müller → muller), anything else a separator. */
export function slugWords(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * The room's channel name: `esc-0042-acme-photo-uploads` (prefix, number, the customer's first word,
 * the summary's first words), valid for Slack (lower-case letters, digits, hyphens; at most 80
 * characters). `attempt` 2, 3, ... adds `-2`, `-3` when the name is taken, the words shortened so
 * the suffix always fits. A customer or summary with no Latin letters leaves just `esc-0042`, and so
 * does a restricted escalation (its name is seen in places its details may not go: logs, lists).
 */
export function warRoomName(esc: Pick<Escalation, "id" | "customer" | "summary" | "restricted">, prefix: string, attempt = 1): string {
  // A restricted escalation's words stay in its channel: its room is known by its number alone.
  const customer = esc.restricted ? [] : slugWords(esc.customer).slice(0, 1);
  const summary = esc.restricted ? [] : slugWords(esc.summary).filter((w) => !FILLER.has(w) && !customer.includes(w)).slice(0, SUMMARY_WORDS);
  const head = `${prefix}-${formatEscalationId(esc.id).slice("ESC-".length)}`;
  const suffix = attempt > 1 ? `-${attempt}` : "";
  let name = [head, ...customer, ...summary].join("-");
  const room = MAX_ROOM_NAME - suffix.length;
  if (name.length > room) name = name.slice(0, room).replace(/-+$/, "");
  return `${name}${suffix}`;
}

/** Who is asked into the room: people by id, and playbook roles whose members Slack is asked for. */
export interface RoomInvitees {
  users: string[];
  roles: string[];
}

/**
 * The owner and commander, the escalation's notified roles, its level's on-call roles, the room's own
 * roles (and those for the customer's tier). A restricted escalation's room keeps only those allowed
 * to see it: its restricted categories' people and managers (the owner and commander were checked
 * when they took it on).
 */
export function warRoomInvitees(
  esc: Pick<Escalation, "ownerId" | "commanderId" | "notify" | "level" | "tier" | "restricted" | "category" | "alsoCategories">,
  policy: Policy,
): RoomInvitees {
  const room = policy.warRoom;
  const users = [esc.ownerId, esc.commanderId].filter((u): u is string => u !== null);
  const wanted = [...esc.notify, ...level(policy, esc.level).notify, ...(room?.invite ?? []), ...(room?.inviteForTiers[esc.tier] ?? [])];
  const allowed = esc.restricted ? new Set([...restrictedRoles(policy, esc), ...managerRoles(policy)]) : undefined;
  const roles = wanted.filter((r) => !allowed || allowed.has(r));
  return { users: [...new Set(users)], roles: [...new Set(roles)] };
}

/** When the commander is next reminded to post a status: the cadence after the last status (or the room's opening). */
export function roomStatusDue(since: number, room: WarRoomSpec): number {
  return addSlaDuration(since, room.statusEvery, null);
}

/** When a resolved escalation's room is archived. */
export function roomArchiveAt(resolvedAt: number, room: WarRoomSpec): number {
  return addSlaDuration(resolvedAt, room.archiveAfter, null);
}

/** The playbook's conference link for this room, filled in; undefined when it gives none (never invented). */
export function conferenceLink(room: WarRoomSpec, esc: Pick<Escalation, "id">, roomName: string): string | undefined {
  if (!room.conferenceUrl) return undefined;
  return room.conferenceUrl.replace(/\{id\}/g, encodeURIComponent(formatEscalationId(esc.id))).replace(/\{room\}/g, encodeURIComponent(roomName));
}
