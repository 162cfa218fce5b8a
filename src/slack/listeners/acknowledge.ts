import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION } from "../ids.js";
import { buildAlreadyAcknowledged, buildAlreadyResolved } from "../views/notices.js";
import { escalationOfClick } from "./escalation-ref.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";
import { actorFor, refusalText, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";

/** The Acknowledge button: the first click wins; later clickers are told who has it. */
export function registerAcknowledge(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  app.action<BlockAction<ButtonAction>>(ACTION.acknowledge, async ({ ack, body, action, client }) => {
    await ack();
    const target = { channel: body.channel?.id, user: body.user.id };
    const id = await escalationOfClick(deps, action.value, body);
    if (id === undefined) {
      logEvent(logger, "escalation.acknowledge", { user: body.user.id, outcome: "stale_button" });
      return replyEphemeral(client, logger, target, STALE_BUTTON);
    }
    const esc = await escalations.get(id);
    const elsewhere = esc && restrictedPlaceRefusal(esc, body.channel?.id, { fromDm: true });
    if (elsewhere) {
      logEvent(logger, "escalation.acknowledge", { escalation: formatEscalationId(id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
      return replyEphemeral(client, logger, target, elsewhere);
    }
    try {
      const result = await escalations.acknowledge(id, await actorFor(deps, client, body.user.id, id));
      logEvent(logger, "escalation.acknowledge", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
      switch (result.kind) {
        case "acknowledged":
          return;
        case "refused":
          return replyEphemeral(client, logger, target, refusalText(result));
        case "already_acknowledged":
          return replyEphemeral(client, logger, target, buildAlreadyAcknowledged(result.escalation, body.user.id));
        case "already_resolved":
          return replyEphemeral(client, logger, target, buildAlreadyResolved(result.escalation));
        case "not_found":
          return replyEphemeral(client, logger, target, `${formatEscalationId(id)} no longer exists.`);
      }
    } catch (err) {
      logger.error(`escalation.acknowledge escalation=${formatEscalationId(id)} outcome=error`, err);
      return replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
    }
  });
}
