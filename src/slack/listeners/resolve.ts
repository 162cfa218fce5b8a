import type { App } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION, CALLBACK, RESOLVE_FIELD as R } from "../ids.js";
import { parseResolveSubmission } from "../parse-escalation-submission.js";
import { buildResolveModal } from "../views/work-modals.js";
import { registerModalButton } from "./modal-button.js";
import { forEachChild, shareWithChildren } from "./linked-children.js";
import { checkedOf, zViewStateValues } from "../view-state.js";
import { actorFor, refusalText, replyAlreadyResolved, replyEphemeral, saveThenAck, STALE_FORM, type ListenerDeps } from "./deps.js";

/** Resolve button → modal (resolution, root cause, prevention) → escalation resolved. */
export function registerResolve(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  registerModalButton(app, deps, {
    actionId: ACTION.resolve,
    action: "resolve",
    event: "escalation.resolve_open",
    build: async (esc) => buildResolveModal(esc, deps.refs, await shareWithChildren(deps, esc)),
  });

  app.view(CALLBACK.resolveModal, async ({ ack, body, view, client }) => {
    const id = deps.refs.verifyMetadata(view.private_metadata);
    const parsed = parseResolveSubmission(view.state.values);
    if (!parsed.ok) return void (await ack({ response_action: "errors", errors: parsed.errors }));
    if (id === undefined) {
      logEvent(logger, "escalation.resolve", { user: body.user.id, outcome: "bad_metadata" });
      return void (await ack({ response_action: "errors", errors: { [R.resolution]: STALE_FORM } }));
    }
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.resolve", fields: { escalation: formatEscalationId(id) } }, R.resolution, () =>
      escalations.resolve(id, actor, parsed.value),
    );
    if (!result) return;
    logEvent(logger, "escalation.resolve", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    // Each linked escalation through the same use case, with the parent's outcome and a word that it came from there.
    if (result.kind === "resolved" && checkedOf(zViewStateValues.safeParse(view.state.values).data ?? {}, R.children).includes("yes")) {
      await forEachChild(deps, client, body.user.id, result.escalation, "escalation.resolve_shared", (childId, childActor) =>
        escalations.resolve(childId, childActor, parsed.value, id),
      );
    }
    if (result.kind === "refused") await replyEphemeral(client, logger, { channel: result.escalation.messageChannelId ?? undefined, user: body.user.id }, refusalText(result));
    if (result.kind === "already_resolved") await replyAlreadyResolved(client, logger, body.user.id, result.escalation);
  });
}
