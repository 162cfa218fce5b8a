import type { ActionsBlock, Button, InputBlock, KnownBlock, ModalView } from "@slack/types";
import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, levelLabel, severityLabel, tierLabel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { formatSlaDuration } from "../../domain/sla-duration.js";
import { truncate } from "../../domain/text.js";
import { roomArchiveAt } from "../../domain/war-room.js";
import { templatesFor } from "../../domain/customer-draft.js";
import { draftCustomerUpdateButton } from "./customer-draft-modal.js";
import { exportButton } from "./escalation-actions.js";
import { ACTION, CALLBACK, COMMANDER_FIELD, ROOM_ACTIONS_BLOCK } from "../ids.js";
import type { RefSigner } from "../signed-ref.js";
import { LIMITS, button, capBlocks, labelledSection, mrkdwnSection } from "./block-kit.js";
import { severityIcon, type RenderContext, type SlackMessage } from "./escalation-message.js";
import { channelLink, mention, slackDate, userText } from "./slack-format.js";
import { escalationForm } from "./work-modals.js";

/**
 * The war room of a major incident as Slack shows it: its topic (status and commander), its pinned
 * summary (kept current), what is said in it (reminders, the outcome), what the escalation's thread
 * and post say of it, and the form that names the commander.
 */

/** Slack's limit on a channel topic. */
const MAX_TOPIC = 250;

/** What the room's summary shows beyond the escalation itself. */
export interface RoomSummaryExtras {
  /** The escalation's thread. */
  threadUrl: string | undefined;
  /** The playbook's conference link, filled in; never invented. */
  conferenceUrl: string | undefined;
  /** People and roles that could not be invited, with why: named, never silently skipped. */
  notInvited: readonly string[];
  /**
   * The room is private (made for a restricted escalation). A public room of an escalation that
   * became restricted later keeps only a pointer: its details stay where the playbook allows.
   */
  private?: boolean;
}

/** An escalation that became restricted after its room was made public: the room may not show its details. */
const withheld = (esc: EscalationRow, roomIsPrivate: boolean | undefined): boolean => esc.restricted && roomIsPrivate !== true;

function stateWords(esc: EscalationRow): string {
  if (esc.status === "resolved") return "Resolved";
  if (esc.pausedAt !== null) return "Waiting on the customer";
  return esc.acknowledgedBy ? "Acknowledged" : "Waiting for acknowledgement";
}

/** "ESC-0042 · Sev 1 · Critical · Acknowledged · Commander: <@U1>": what the channel's header says. */
export function buildRoomTopic(esc: EscalationRow, policy: Policy): string {
  const commander = esc.commanderId ? `Commander: ${mention(esc.commanderId)}` : "No commander yet";
  return truncate(`${formatEscalationId(esc.id)} · ${severityLabel(policy, esc.severity)} · ${stateWords(esc)} · ${commander}`, MAX_TOPIC);
}

/**
 * The buttons of the pinned summary, as a list: each feature that acts from the room adds its own
 * entry here (the commander today), and the block is built from whatever the list holds.
 */
export function roomSummaryButtons(esc: EscalationRow, refs: RefSigner, policy: Policy): Button[] {
  const ref = refs.sign(esc.id);
  const buttons: Button[] = [];
  // A commander is named while the incident is on; the customer's words and the record are wanted after it too.
  if (esc.status !== "resolved") buttons.push(button({ actionId: ACTION.assignCommander, text: esc.commanderId ? "Change commander" : "Assign commander", value: ref, style: esc.commanderId ? undefined : "primary" }));
  if (templatesFor(policy, esc).length > 0) buttons.push(draftCustomerUpdateButton(ref));
  buttons.push(exportButton(ref));
  return buttons;
}

/** The room's pinned summary: what happened, who commands, where the thread is, and how often to post a status. */
export function buildRoomSummary(esc: EscalationRow, ctx: RenderContext, extras: RoomSummaryExtras): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const customer = withheld(esc, extras.private) ? "restricted" : `${userText(esc.customer)} (${tierLabel(policy, esc.tier)})`;
  const lines = [
    `${severityIcon(policy, esc.severity)} *War room for ${id}* · *${severityLabel(policy, esc.severity)}* · ${customer}`,
    `${categoryLabel(policy, esc.category)} · owned by *${levelLabel(policy, esc.level)}*${esc.restricted ? " · :lock: restricted: only its permitted people are here" : ""}`,
  ];
  const status = [
    `*Status:* ${stateWords(esc)}${esc.status === "resolved" && esc.resolvedAt !== null ? ` after ${formatElapsed(esc.resolvedAt - esc.createdAt)}` : ""}`,
    `*Incident commander:* ${esc.commanderId ? mention(esc.commanderId) : "nobody yet: assign one below"}`,
    `*Owner:* ${esc.ownerId ? mention(esc.ownerId) : esc.acknowledgedBy ? mention(esc.acknowledgedBy) : "nobody yet"}`,
  ];
  if (esc.status !== "resolved") status.push(`*Resolve by:* ${slackDate(esc.resolutionDue)}`);
  const room = policy.warRoom;
  if (room && esc.status !== "resolved") {
    status.push(`:memo: Post a status here every ${formatSlaDuration(room.statusEvery)}: each message in this room counts as the escalation's progress update.`);
  }
  const links = [extras.threadUrl ? `The escalation: <${extras.threadUrl}|Open the thread>` : esc.messageChannelId ? `The escalation is in ${channelLink(esc.messageChannelId)}` : undefined];
  if (extras.conferenceUrl) links.push(`<${extras.conferenceUrl}|Conference link>`);
  const hidden = withheld(esc, extras.private);
  const about = hidden ? mrkdwnSection(`:lock: ${id} is now restricted: its details are kept in ${esc.channel}, not in this room.`) : labelledSection("Summary", esc.summary);
  const blocks: KnownBlock[] = [mrkdwnSection(lines.join("\n")), about, mrkdwnSection(status.join("\n"))];
  const linkLine = links.filter((l): l is string => l !== undefined).join(" · ");
  if (linkLine) blocks.push(mrkdwnSection(linkLine));
  if (extras.notInvited.length > 0) {
    blocks.push(mrkdwnSection(truncate(`:warning: *Could not be invited* (ask them in by hand):\n${extras.notInvited.map((n) => `• ${n}`).join("\n")}`, LIMITS.sectionText)));
  }
  if (esc.status === "resolved" && esc.resolution && !hidden) blocks.push(labelledSection("Resolution", esc.resolution));
  const buttons = roomSummaryButtons(esc, ctx.refs, policy);
  if (buttons.length > 0) blocks.push({ type: "actions", block_id: ROOM_ACTIONS_BLOCK, elements: buttons } satisfies ActionsBlock);
  const text = hidden
    ? `War room for ${id} ${severityLabel(policy, esc.severity)} (restricted)`
    : `War room for ${id} ${severityLabel(policy, esc.severity)} — ${userText(truncate(`${esc.customer}: ${esc.summary}`, 300))}`;
  return { text, blocks: capBlocks(blocks) };
}

const textOnly = (text: string): SlackMessage => ({ text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(text)] });

/** What is said in the room about an event: the commander's reminder, the commander, the outcome. */
export function buildRoomNotice(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext, roomIsPrivate?: boolean): SlackMessage {
  const id = formatEscalationId(esc.id);
  switch (event.kind) {
    case "room_status_reminder": {
      const d = event.detail;
      const who = d.to ? mention(d.to) : "Incident commander (nobody assigned yet: use *Assign commander* on the pinned summary)";
      const every = ctx.policy.warRoom ? ` (every ${formatSlaDuration(ctx.policy.warRoom.statusEvery)})` : "";
      return textOnly(`:bell: ${who}: time for a status on ${id}${every}; the last one was ${formatElapsed(d.sinceMs)} ago. Post it here.`);
    }
    case "commander_assigned":
      return textOnly(`:bust_in_silhouette: ${mention(event.detail.to)} is the incident commander of ${id}${event.actor && event.actor !== event.detail.to ? ` (named by ${mention(event.actor)})` : ""}.`);
    case "resolved": {
      const d = event.detail;
      const parts = [`:white_check_mark: ${id} was resolved${event.actor ? ` by ${mention(event.actor)}` : ""} after ${formatElapsed(d.afterMs)}.`];
      const resolution = d.resolution ?? esc.resolution;
      const rootCause = d.rootCause ?? esc.rootCause;
      if (withheld(esc, roomIsPrivate)) parts.push(`:lock: Its outcome is kept in ${esc.channel} (restricted).`);
      else {
        if (resolution) parts.push(`*Resolution:* ${userText(resolution)}`);
        if (rootCause) parts.push(`*Root cause:* ${userText(rootCause)}`);
      }
      const room = ctx.policy.warRoom;
      if (room) parts.push(`This room will be archived ${slackDate(roomArchiveAt(event.at, room))} unless ${id} is reopened before then.`);
      return textOnly(truncate(parts.join("\n"), LIMITS.sectionText));
    }
    case "reopened":
      return textOnly(`:arrows_counterclockwise: ${id} was reopened${event.actor ? ` by ${mention(event.actor)}` : ""}: ${userText(event.detail.reason)}. This room stays open.`);
    default:
      return textOnly(`${id}: ${event.kind.replace(/_/g, " ")}.`);
  }
}

/** The thread's reply for a war room event; undefined for other kinds. */
export function buildWarRoomThreadNotice(esc: EscalationRow, event: TimelineEventRow): SlackMessage | undefined {
  const id = formatEscalationId(esc.id);
  switch (event.kind) {
    case "war_room_opened": {
      const d = event.detail;
      const missing = d.notInvited.length > 0 ? ` ${d.notInvited.length} could not be invited; the room names them.` : "";
      return textOnly(`:rotating_light: War room for ${id}: ${channelLink(d.channelId)}${d.private ? " (private: only its permitted people)" : ""}.${missing}`);
    }
    case "war_room_failed":
      return textOnly(`:warning: No war room could be made for ${id}: Slack says \`${userText(event.detail.error)}\`. The escalation goes on without one; ask a Slack admin to check the app's permissions.`);
    case "commander_assigned":
      return textOnly(`:bust_in_silhouette: ${mention(event.detail.to)} is the incident commander of ${id}${event.actor && event.actor !== event.detail.to ? ` (named by ${mention(event.actor)})` : ""}.`);
    case "room_status":
      return textOnly(`:memo: A status was posted in the war room; it counts as ${id}'s progress update.`);
    case "room_status_reminder":
      return textOnly(`:bell: ${id}: the war room's status is due.`);
    case "war_room_archived":
      return textOnly(`${id}'s war room ${channelLink(event.detail.channelId)} was archived.`);
    default:
      return undefined;
  }
}

/** The form that names the incident commander; it starts with whoever opened it, one click to take it on. */
export function buildCommanderModal(esc: EscalationRow, refs: RefSigner, opener: string): ModalView {
  const user: InputBlock = {
    type: "input",
    block_id: COMMANDER_FIELD.user,
    label: { type: "plain_text", text: "Incident commander" },
    hint: { type: "plain_text", text: "They lead the war room and are reminded there to post a status." },
    element: { type: "users_select", action_id: COMMANDER_FIELD.user, initial_user: esc.commanderId ?? opener, placeholder: { type: "plain_text", text: "Choose a person" } },
  };
  const now = esc.commanderId ? `The commander now is ${mention(esc.commanderId)}.` : "Nobody commands it yet.";
  return escalationForm(esc, refs, { callbackId: CALLBACK.commanderModal, verb: "Commander", submit: "Assign", blocks: [mrkdwnSection(now), user] });
}
