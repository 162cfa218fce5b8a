import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { z } from "zod";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION, CALLBACK, COMMANDER_FIELD as F } from "../ids.js";
import { userOf, zViewStateValues, type ViewStateValues } from "../view-state.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { buildCommanderModal } from "../views/war-room.js";
import { whyNotThisPerson } from "./person-choice.js";
import { actorFor, refusalText, replyEphemeral, saveThenAck, STALE_FORM, type ListenerDeps } from "./deps.js";
import { openFormFromClick } from "./modal-button.js";

/**
 * The war room from Slack: Assign commander (on the post and on the room's pinned summary) opens a
 * form with a person picker; a person's message in the room is a status (and the escalation's
 * progress update).
 */
export function registerWarRoom(app: App, deps: ListenerDeps): void {
  const { logger, life } = deps;

  app.action<BlockAction<ButtonAction>>(ACTION.assignCommander, async ({ ack, body, action, client }) => {
    await ack();
    await openFormFromClick(deps, client, body, action.value, {
      action: "assignCommander",
      event: "escalation.commander_open",
      build: (esc) => (esc.warRoomChannelId ? buildCommanderModal(esc, deps.refs, body.user.id) : { refusal: `${formatEscalationId(esc.id)} has no war room, so it has no incident commander.` }),
    });
  });

  app.view(CALLBACK.commanderModal, async ({ ack, body, view, client }) => {
    const parsed = zViewStateValues.safeParse(view.state.values);
    const state: ViewStateValues = parsed.success ? parsed.data : {};
    const id = deps.refs.verifyMetadata(view.private_metadata);
    const esc = id === undefined ? undefined : await deps.escalations.get(id);
    if (id === undefined || !esc) return void (await ack({ response_action: "errors", errors: { [F.user]: STALE_FORM } }));
    const to = userOf(state, F.user);
    const problem = to ? await whyNotThisPerson(deps, client, esc, to, { holder: esc.commanderId, holds: "commands", canStill: "lead the incident" }) : "Choose the person who leads the incident.";
    if (problem || !to) return void (await ack({ response_action: "errors", errors: { [F.user]: problem ?? "Choose the person who leads the incident." } }));
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.commander", fields: { escalation: formatEscalationId(id) } }, F.user, () => life.warRoom.assignCommander(id, actor, to));
    if (!result) return;
    logEvent(logger, "escalation.commander", { escalation: formatEscalationId(id), user: body.user.id, to, outcome: result.kind });
    const target = { channel: esc.warRoomChannelId ?? esc.messageChannelId ?? undefined, user: body.user.id };
    if (result.kind === "refused") await replyEphemeral(client, logger, target, refusalText(result));
    if (result.kind === "already_resolved") await replyEphemeral(client, logger, target, buildAlreadyResolved(result.escalation));
  });

  app.event("message", async ({ event }) => {
    const raw = event as unknown as Record<string, unknown>;
    // People's messages only: the app's own posts, joins, topic changes and edits carry a subtype or a bot id.
    if (raw.subtype !== undefined || raw.bot_id !== undefined) return;
    const parsed = zRoomMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    try {
      const esc = await life.warRoom.findByRoom(message.channel);
      if (!esc) return;
      // The room's members were invited by the playbook: anyone there may post a status.
      const result = await life.warRoom.status(esc.id, message.user, message.ts);
      logEvent(logger, "escalation.room_status", { escalation: formatEscalationId(esc.id), user: message.user, outcome: result.kind === "counted" ? "counted" : `ignored_${result.why}` });
    } catch (err) {
      // Nothing is lost: the status is in the room; only the clocks did not move.
      logger.error({ channel: message.channel, outcome: "error", err }, "escalation.room_status");
    }
  });
}

const zRoomMessage = z.object({ channel: z.string().min(1), user: z.string().min(1), ts: z.string().min(1) });

