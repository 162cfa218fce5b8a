import type { App } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION, CALLBACK, LIFT_FIELD as L } from "../ids.js";
import { textOf, zViewStateValues } from "../view-state.js";
import { buildLiftRestrictionModal } from "../views/work-modals.js";
import { actorFor, refusalText, replyAlreadyResolved, replyEphemeral, saveThenAck, STALE_FORM, type ListenerDeps } from "./deps.js";
import { registerModalButton } from "./modal-button.js";

/** Lift restriction button → form (why) → the escalation becomes an ordinary one. */
export function registerLiftRestriction(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  registerModalButton(app, deps, {
    actionId: ACTION.liftRestriction,
    action: "liftRestriction",
    event: "escalation.lift_open",
    build: (esc) => (esc.restricted ? buildLiftRestrictionModal(esc, deps.refs) : { refusal: `${formatEscalationId(esc.id)} is not restricted.` }),
  });

  app.view(CALLBACK.liftRestrictionModal, async ({ ack, body, view, client }) => {
    const values = zViewStateValues.safeParse(view.state.values);
    const reason = textOf(values.success ? values.data : {}, L.reason);
    if (!reason) return void (await ack({ response_action: "errors", errors: { [L.reason]: "Say why it is not restricted: it is kept on the timeline." } }));
    const id = deps.refs.verifyMetadata(view.private_metadata);
    if (id === undefined) {
      logEvent(logger, "escalation.lift", { user: body.user.id, outcome: "bad_metadata" });
      return void (await ack({ response_action: "errors", errors: { [L.reason]: STALE_FORM } }));
    }
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.lift", fields: { escalation: formatEscalationId(id) } }, L.reason, () => escalations.liftRestriction(id, actor, reason));
    if (!result) return;
    logEvent(logger, "escalation.lift", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    const target = { channel: "escalation" in result ? (result.escalation.messageChannelId ?? undefined) : undefined, user: body.user.id };
    if (result.kind === "refused") await replyEphemeral(client, logger, target, refusalText(result));
    if (result.kind === "already_resolved") await replyAlreadyResolved(client, logger, body.user.id, result.escalation);
    if (result.kind === "not_restricted") await replyEphemeral(client, logger, target, `${formatEscalationId(id)} is not restricted; nothing changed.`);
  });
}
