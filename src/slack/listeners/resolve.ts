import type { App } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { ACTION, CALLBACK } from "../ids.js";
import { parseResolveSubmission } from "../parse-escalation-submission.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { buildResolveModal } from "../views/work-modals.js";
import { escalationIdFromMetadata } from "./escalation-ref.js";
import { registerModalButton } from "./modal-button.js";
import { replyEphemeral, SOMETHING_WENT_WRONG, type ListenerDeps } from "./deps.js";

/** Resolve button → modal (resolution, root cause, prevention) → escalation resolved. */
export function registerResolve(app: App, deps: ListenerDeps): void {
  const { escalations, logger } = deps;
  registerModalButton(app, deps, { actionId: ACTION.resolve, event: "escalation.resolve_open", build: buildResolveModal });

  app.view(CALLBACK.resolveModal, async ({ ack, body, view, client }) => {
    const id = escalationIdFromMetadata(view.private_metadata);
    const parsed = parseResolveSubmission(view.state.values);
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    await ack();
    if (id === undefined) {
      logEvent(logger, "escalation.resolve", { user: body.user.id, outcome: "bad_metadata" });
      return replyEphemeral(client, logger, { channel: undefined, user: body.user.id }, SOMETHING_WENT_WRONG);
    }
    try {
      const result = escalations.resolve(id, body.user.id, parsed.value);
      logEvent(logger, "escalation.resolve", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
      if (result.kind === "already_resolved") {
        const channel = result.escalation.messageChannelId ?? undefined;
        await replyEphemeral(client, logger, { channel, user: body.user.id }, buildAlreadyResolved(result.escalation));
      }
    } catch (err) {
      logger.error(`escalation.resolve escalation=${formatEscalationId(id)} outcome=error`, err);
      await replyEphemeral(client, logger, { channel: undefined, user: body.user.id }, SOMETHING_WENT_WRONG);
    }
  });
}
