import type { App } from "@slack/bolt";
import { z } from "zod";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { CALLBACK } from "../ids.js";
import { parseEscalationSubmission } from "../parse-escalation-submission.js";
import { replyEphemeral, SOMETHING_WENT_WRONG, type ListenerDeps } from "./deps.js";

const zMetadata = z.object({ channelId: z.string().nullable() }).catch({ channelId: null });

function parseMetadata(raw: string | undefined) {
  try {
    return zMetadata.parse(JSON.parse(raw ?? "null"));
  } catch {
    return { channelId: null };
  }
}

/**
 * The escalation modal's submit. Problems come back inline; otherwise ack closes the modal and the
 * escalation is opened. Slack's view id is the submission key, so a retried or double submit of the
 * same modal finds the first escalation instead of creating a second.
 */
export function registerEscalationSubmission(app: App, { escalations, policy, logger }: ListenerDeps): void {
  app.view(CALLBACK.escalationModal, async ({ ack, body, view, client }) => {
    const parsed = parseEscalationSubmission(view.state.values, policy);
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      logEvent(logger, "escalation.submit", { user: body.user.id, outcome: "invalid", fields: Object.keys(parsed.errors).join(",") });
      return;
    }
    await ack();
    const { channelId } = parseMetadata(view.private_metadata);
    try {
      const result = escalations.open({
        input: parsed.value,
        reporterId: body.user.id,
        reporterChannelId: channelId,
        submissionKey: view.id,
      });
      const esc = result.escalation;
      logEvent(logger, "escalation.submit", {
        escalation: formatEscalationId(esc.id),
        user: body.user.id,
        outcome: result.kind,
        severity: esc.severity,
        category: esc.category,
        level: esc.level,
        channel: esc.channel,
      });
    } catch (err) {
      logger.error(`escalation.submit user=${body.user.id} outcome=error`, err);
      await replyEphemeral(client, logger, { channel: channelId ?? undefined, user: body.user.id }, SOMETHING_WENT_WRONG);
    }
  });
}
