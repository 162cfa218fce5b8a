import type { App } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION, CALLBACK, RESOLVE_FIELD as R } from "../ids.js";
import { parseResolveSubmission } from "../parse-escalation-submission.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { buildResolveModal } from "../views/work-modals.js";
import { escalationIdFromMetadata } from "./escalation-ref.js";
import { registerModalButton } from "./modal-button.js";
import { NOT_SAVED, replyEphemeral, STALE_FORM, type ListenerDeps } from "./deps.js";

/** Resolve button → modal (resolution, root cause, prevention) → escalation resolved. */
export function registerResolve(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  registerModalButton(app, deps, { actionId: ACTION.resolve, event: "escalation.resolve_open", build: buildResolveModal });

  // Saved before the ack closes the form: if saving fails, the form stays open with what was typed.
  app.view(CALLBACK.resolveModal, async ({ ack, body, view, client }) => {
    const id = escalationIdFromMetadata(view.private_metadata);
    const parsed = parseResolveSubmission(view.state.values);
    if (!parsed.ok) return void (await ack({ response_action: "errors", errors: parsed.errors }));
    if (id === undefined) {
      logEvent(logger, "escalation.resolve", { user: body.user.id, outcome: "bad_metadata" });
      return void (await ack({ response_action: "errors", errors: { [R.resolution]: STALE_FORM } }));
    }
    let result;
    try {
      result = escalations.resolve(id, body.user.id, parsed.value);
    } catch (err) {
      logger.error(`escalation.resolve escalation=${formatEscalationId(id)} outcome=error`, err);
      return void (await ack({ response_action: "errors", errors: { [R.resolution]: NOT_SAVED } }));
    }
    await ack();
    logEvent(logger, "escalation.resolve", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    if (result.kind === "already_resolved") {
      await replyEphemeral(client, logger, { channel: result.escalation.messageChannelId ?? undefined, user: body.user.id }, buildAlreadyResolved(result.escalation));
    }
  });
}
