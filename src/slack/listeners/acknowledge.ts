import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent, type Logger } from "../../logger.js";
import { ACTION } from "../ids.js";
import { withAcknowledgement } from "../views/acknowledgement-note.js";
import { buildAlreadyAcknowledged, buildAlreadyResolved } from "../views/notices.js";
import { clickedEscalation } from "./escalation-ref.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";
import { actorOf, refusalText, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";

/**
 * The Acknowledge button: the first click wins; later clickers are told who has it. A click on
 * another message than the escalation's post (a manager's DM, a handoff post) also spends that
 * message's button: it then says who has it (the post itself is re-rendered through the outbox).
 */
export function registerAcknowledge(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  app.action<BlockAction<ButtonAction>>(ACTION.acknowledge, async ({ ack, body, action, client }) => {
    await ack();
    const target = { channel: body.channel?.id, user: body.user.id };
    const clicked = await clickedEscalation(deps, action.value, body);
    if (clicked === undefined) {
      logEvent(logger, "escalation.acknowledge", { user: body.user.id, outcome: "stale_button" });
      return replyEphemeral(client, logger, target, STALE_BUTTON);
    }
    // Read once: what the click is bound to, where it may be acknowledged, and who the clicker is to it.
    const { id, escalation: esc } = clicked;
    const elsewhere = esc && restrictedPlaceRefusal(esc, body.channel?.id, { fromDm: true });
    if (elsewhere) {
      logEvent(logger, "escalation.acknowledge", { escalation: formatEscalationId(id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
      return replyEphemeral(client, logger, target, elsewhere);
    }
    try {
      const result = await escalations.acknowledge(id, await actorOf(deps, client, body.user.id, esc));
      logEvent(logger, "escalation.acknowledge", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
      switch (result.kind) {
        case "acknowledged":
          return markClickedMessage(client, logger, body, result.escalation);
        case "refused":
          return replyEphemeral(client, logger, target, refusalText(result));
        case "already_acknowledged":
          await markClickedMessage(client, logger, body, result.escalation);
          return replyEphemeral(client, logger, target, buildAlreadyAcknowledged(result.escalation, body.user.id));
        case "already_resolved":
          await markClickedMessage(client, logger, body, result.escalation);
          return replyEphemeral(client, logger, target, buildAlreadyResolved(result.escalation));
        case "not_found":
          return replyEphemeral(client, logger, target, `${formatEscalationId(id)} no longer exists.`);
      }
    } catch (err) {
      logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, "escalation.acknowledge");
      return replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
    }
  });
}

/**
 * The clicked message, when it is one of the bot's messages other than the escalation's post: its
 * Acknowledge button goes and it says who acknowledged (chat.update of that very message, from the
 * blocks Slack sent with the click). Not an ephemeral message (Slack keeps none to update). A
 * failure is logged, never thrown: the click itself has been handled.
 */
async function markClickedMessage(client: WebClient, logger: Logger, body: BlockAction<ButtonAction>, esc: EscalationRow): Promise<void> {
  const container = body.container as { channel_id?: unknown; message_ts?: unknown; is_ephemeral?: unknown } | undefined;
  const channel = typeof container?.channel_id === "string" ? container.channel_id : body.channel?.id;
  const ts = typeof container?.message_ts === "string" ? container.message_ts : body.message?.ts;
  const blocks: unknown = body.message?.blocks;
  if (container?.is_ephemeral === true || !channel || !ts || !Array.isArray(blocks)) return;
  if (channel === esc.messageChannelId && ts === esc.messageTs) return;
  const updated = withAcknowledgement(blocks as KnownBlock[], esc);
  if (!updated) return;
  try {
    await client.chat.update({ channel, ts, blocks: updated, text: typeof body.message?.text === "string" ? body.message.text : "" });
  } catch (err) {
    logger.warn({ escalation: formatEscalationId(esc.id), error: err instanceof Error ? err.message : String(err) }, "escalation.acknowledge_message_not_updated");
  }
}
