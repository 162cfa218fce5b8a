import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import type { Actor } from "../../domain/permissions.js";
import { logEvent } from "../../logger.js";
import type { Refused } from "../../services/use-case.js";
import { shareableChildren } from "../views/linked-lines.js";
import { actorFor, refusalText, replyEphemeral, type ListenerDeps } from "./deps.js";

/** The linked escalations a parent's update or resolution may also go to (none for an escalation without any). */
export async function shareWithChildren(deps: ListenerDeps, esc: EscalationRow): Promise<EscalationRow[]> {
  return shareableChildren(esc, (await deps.escalations.links(esc)).children);
}

/**
 * Does `change` to each linked escalation of `parent` it may be shared with (as they are now), each
 * through its own use case with the person's permission on that escalation. What was refused is
 * said privately, in one message.
 */
export async function forEachChild(
  deps: ListenerDeps,
  client: WebClient,
  userId: string,
  parent: EscalationRow,
  event: string,
  change: (childId: number, actor: Actor) => Promise<{ kind: string } | Refused>,
): Promise<void> {
  const refused: string[] = [];
  for (const child of await shareWithChildren(deps, parent)) {
    try {
      const result = await change(child.id, await actorFor(deps, client, userId, child.id));
      logEvent(deps.logger, event, { escalation: formatEscalationId(child.id), from: formatEscalationId(parent.id), user: userId, outcome: result.kind });
      if (result.kind === "refused") refused.push(refusalText(result as Refused));
    } catch (err) {
      deps.logger.error({ escalation: formatEscalationId(child.id), outcome: "error", err }, event);
      refused.push(`${formatEscalationId(child.id)} could not be changed just now; try it on its own post.`);
    }
  }
  if (refused.length > 0) await replyEphemeral(client, deps.logger, { channel: parent.messageChannelId ?? undefined, user: userId }, refused.join("\n"));
}
