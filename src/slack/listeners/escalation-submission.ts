import type { App } from "@slack/bolt";
import { z } from "zod";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { CALLBACK, ESCALATION_FIELD } from "../ids.js";
import { parseEscalationSubmission } from "../parse-escalation-submission.js";
import { isMessageLink } from "../source-message.js";
import { saveThenAck, type ListenerDeps } from "./deps.js";

const zMetadata = z
  .object({
    channelId: z.string().nullable(),
    // Put in a link on the post: only a plain permalink, never markup.
    sourceMessageUrl: z.string().refine(isMessageLink).optional().catch(undefined),
  })
  .catch({ channelId: null });

function parseMetadata(raw: string | undefined) {
  try {
    return zMetadata.parse(JSON.parse(raw ?? "null"));
  } catch {
    return { channelId: null };
  }
}

/**
 * The escalation modal's submit. Problems come back inline. Otherwise the escalation is committed
 * (about a millisecond, well inside Slack's 3 s) and only then does the ack close the modal: if the
 * write fails, the form stays open with everything the agent typed and says so. Slack's view id is
 * the submission key, so a retried or double submit finds the first escalation instead.
 */
export function registerEscalationSubmission(app: App, { escalations, policy, logger, onOpened }: ListenerDeps): void {
  app.view(CALLBACK.escalationModal, async ({ ack, body, view }) => {
    const parsed = parseEscalationSubmission(view.state.values, policy);
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      logEvent(logger, "escalation.submit", { user: body.user.id, outcome: "invalid", fields: Object.keys(parsed.errors).join(",") });
      return;
    }
    const { channelId, sourceMessageUrl } = parseMetadata(view.private_metadata);
    const result = await saveThenAck(ack, logger, { event: "escalation.submit", fields: { user: body.user.id } }, ESCALATION_FIELD.summary, async () => {
      const opened = await escalations.open({ input: parsed.value, reporterId: body.user.id, reporterChannelId: channelId, submissionKey: view.id, ...(sourceMessageUrl ? { sourceMessageUrl } : {}) });
      // Counted once committed and before the ack, so whoever sees the form close sees it counted.
      if (opened.kind === "created") onOpened?.(opened.escalation);
      return opened;
    });
    if (!result) return;
    const esc = result.escalation;
    logEvent(logger, "escalation.submit", {
      escalation: formatEscalationId(esc.id),
      user: body.user.id,
      outcome: result.kind,
      severity: esc.severity,
      category: esc.category,
      support_level: esc.level,
      channel: esc.channel,
    });
  });
}
