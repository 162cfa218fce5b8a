import type { App, BlockAction, CheckboxesAction } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION, signedRefOfChecklist } from "../ids.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { escalationOfClick } from "./escalation-ref.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";
import { actorFor, refusalText, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";

/** The checklist on the post: each tick or untick is saved, put on the timeline and shown to all. */
export function registerChecklist(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  app.action<BlockAction<CheckboxesAction>>(ACTION.checklist, async ({ ack, body, action, client }) => {
    await ack();
    const target = { channel: body.channel?.id, user: body.user.id };
    const id = await escalationOfClick(deps, signedRefOfChecklist(action.block_id), body);
    if (id === undefined) {
      logEvent(logger, "escalation.checklist", { user: body.user.id, outcome: "stale_button" });
      return replyEphemeral(client, logger, target, STALE_BUTTON);
    }
    const esc = await escalations.get(id);
    const elsewhere = esc && restrictedPlaceRefusal(esc, body.channel?.id);
    if (elsewhere) {
      logEvent(logger, "escalation.checklist", { escalation: formatEscalationId(id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
      return replyEphemeral(client, logger, target, elsewhere);
    }
    try {
      const ticked = action.selected_options.flatMap((o) => (o.value ? [o.value] : []));
      const result = await escalations.setChecklist(id, await actorFor(deps, client, body.user.id, id), ticked);
      logEvent(logger, "escalation.checklist", {
        escalation: formatEscalationId(id),
        user: body.user.id,
        outcome: result.kind,
        ...(result.kind === "done" ? { ticked: result.ticked.join(",") || "-", unticked: result.unticked.join(",") || "-" } : {}),
      });
      if (result.kind === "refused") return replyEphemeral(client, logger, target, refusalText(result));
      if (result.kind === "already_resolved") return replyEphemeral(client, logger, target, buildAlreadyResolved(result.escalation));
      if (result.kind === "not_found") return replyEphemeral(client, logger, target, `${formatEscalationId(id)} no longer exists.`);
    } catch (err) {
      logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, "escalation.checklist");
      return replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
    }
  });
}
