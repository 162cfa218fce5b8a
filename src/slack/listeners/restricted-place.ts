import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { channelLink } from "../views/slack-format.js";

/**
 * A restricted escalation is worked where its details are: its own (restricted) channel. A click on
 * one of its buttons from anywhere else (a forged payload, a copied message) could open a form that
 * shows the details, or change it from a place its people cannot see; it is refused with a pointer.
 * Acknowledging shows nothing, so it is also taken from a direct message (managers' DMs carry an
 * Acknowledge button). Not restricted, or not posted yet: no place to check against.
 */
export function restrictedPlaceRefusal(esc: EscalationRow, clickedIn: string | undefined, opts: { fromDm?: boolean } = {}): string | undefined {
  if (!esc.restricted || !esc.messageChannelId) return undefined;
  if (clickedIn === esc.messageChannelId) return undefined;
  // Its war room is private to its permitted people: worked there as in its channel.
  if (esc.warRoomChannelId !== null && clickedIn === esc.warRoomChannelId) return undefined;
  if (opts.fromDm && clickedIn?.startsWith("D")) return undefined;
  return `:lock: ${formatEscalationId(esc.id)} is restricted: it is worked in ${channelLink(esc.messageChannelId)} only, and nothing was changed.`;
}
