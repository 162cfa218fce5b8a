import type { EscalationRow } from "../../db/schema.js";
import { channelLink, mention } from "./slack-format.js";

/** The post's line about the room: where it is and who commands. */
export function warRoomLine(esc: EscalationRow): string | undefined {
  if (!esc.warRoomChannelId) return undefined;
  const archived = esc.warRoomArchivedAt !== null ? " (archived)" : "";
  const commander = esc.commanderId ? ` · Commander: ${mention(esc.commanderId)}` : " · No commander yet";
  return `:rotating_light: War room: ${channelLink(esc.warRoomChannelId)}${archived}${commander}`;
}
