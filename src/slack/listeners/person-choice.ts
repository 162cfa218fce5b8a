import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { maySeeRestricted } from "../../domain/permissions.js";
import { channelLink } from "../views/slack-format.js";
import type { ListenerDeps } from "./deps.js";

/** The part a person is chosen for, in the form's words: "own" it, "command" the incident. */
export interface PersonRole {
  /** Who has it now (they need not be chosen again). */
  holder: string | null;
  /** "owns", "commands". */
  holds: string;
  /** What the person must still be able to do: "work on it", "lead the incident". */
  canStill: string;
}

/**
 * Why `userId` cannot take `role` on the escalation, in words for the form: a person Slack does not
 * know, a deactivated account, a bot, the holder already, or (restricted) someone the playbook does
 * not let see its details. Undefined when they can.
 */
export async function whyNotThisPerson(deps: ListenerDeps, client: WebClient, esc: EscalationRow, userId: string, role: PersonRole): Promise<string | undefined> {
  let user;
  try {
    user = (await client.users.info({ user: userId })).user;
  } catch {
    return "Slack does not know this person; choose someone else.";
  }
  const name = user?.real_name || user?.name || "This person";
  if (!user || user.deleted) return `${name} is deactivated: choose someone who can ${role.canStill}.`;
  if (user.is_bot || user.is_app_user || user.id === "USLACKBOT") return `${name} is a bot: choose a person.`;
  if (role.holder === userId) return `${name} already ${role.holds} ${formatEscalationId(esc.id)}.`;
  if (esc.restricted && !maySeeRestricted(esc, await deps.actors.of(client, userId, esc), deps.policy)) {
    const where = esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel;
    return `${name} may not see this restricted escalation: choose a member of ${where}, of its restricted team, or a manager.`;
  }
  return undefined;
}
