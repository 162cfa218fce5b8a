import type { App } from "@slack/bolt";
import { classify } from "../../domain/classify.js";
import { logEvent } from "../../logger.js";
import { COMMAND } from "../ids.js";
import { buildEscalationModal } from "../views/escalation-modal.js";
import { replyEphemeral, SOMETHING_WENT_WRONG, type ListenerDeps } from "./deps.js";

/** `/escalate [summary]`: ack at once, then open the modal while the trigger id is still valid (3 s). */
export function registerEscalateCommand(app: App, { logger, policy }: ListenerDeps): void {
  app.command(COMMAND, async ({ ack, body, client }) => {
    await ack();
    try {
      const text = body.text.trim();
      // Pure and fast (no I/O), so the modal still opens well within the trigger's 3 seconds.
      const suggestion = text ? classify({ text }, policy) : undefined;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildEscalationModal({ policy, summary: text, channelId: body.channel_id, ...(suggestion ? { suggestion } : {}) }),
      });
      logEvent(logger, "command.escalate", { user: body.user_id, channel: body.channel_id, outcome: "modal_opened" });
    } catch (err) {
      logEvent(logger, "command.escalate", { user: body.user_id, outcome: "views_open_failed", error: String(err) });
      await replyEphemeral(client, logger, { channel: body.channel_id, user: body.user_id }, SOMETHING_WENT_WRONG);
    }
  });
}
