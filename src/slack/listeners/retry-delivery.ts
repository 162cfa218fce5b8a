import type { App, BlockAction, ButtonAction, RespondArguments, RespondFn } from "@slack/bolt";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent, type Logger } from "../../logger.js";
import type { DeliveryRetries, RetryProgress } from "../../services/delivery-retries.js";
import { ACTION } from "../ids.js";
import { buildRetryOutcome, buildRetryRefused } from "../views/delivery-notices.js";
import { SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";
import type { RefSigner } from "../signed-ref.js";

/** How long the answer waits for the new try to come to something before saying it is under way. */
const OUTCOME_WAIT_MS = 4_000;
const OUTCOME_POLL_MS = 100;

/**
 * *Retry delivery* on the reporter's waiting notice: the escalation's messages that wait for their
 * channel are tried now, and the notice is replaced by what came of it (delivered, or still waiting
 * and why). Someone other than the reporter or owner is refused privately and nothing changes.
 */
export function registerRetryDelivery(app: App, { deliveryRetries, refs, logger }: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION.retryDelivery, async ({ ack, body, action, respond }) => {
    await ack();
    await handleRetryDelivery(deliveryRetries, refs, logger, respond, body.user.id, action.value);
  });
}

/** The notice is the reporter's own (a DM or an ephemeral message), so the signature alone binds it. */
export async function handleRetryDelivery(
  retries: DeliveryRetries,
  refs: RefSigner,
  logger: Logger,
  respond: RespondFn,
  userId: string,
  value: string | undefined,
): Promise<void> {
  const id = refs.verify(value);
  if (id === undefined) {
    logEvent(logger, "delivery.retry", { user: userId, outcome: "stale_button" });
    return answer(respond, logger, { response_type: "ephemeral", replace_original: false, text: STALE_BUTTON });
  }
  try {
    const result = await retries.request(id, userId);
    logEvent(logger, "delivery.retry", { escalation: formatEscalationId(id), user: userId, outcome: result.kind, rows: result.kind === "retrying" ? result.rowIds.length : undefined });
    switch (result.kind) {
      case "not_found":
        return answer(respond, logger, { response_type: "ephemeral", replace_original: false, text: `${formatEscalationId(id)} no longer exists.` });
      case "not_allowed":
        return answer(respond, logger, { response_type: "ephemeral", replace_original: false, text: buildRetryRefused(result.escalation) });
      case "nothing_waiting":
        return answer(respond, logger, { replace_original: true, ...buildRetryOutcome(result.escalation, { kind: "nothing_waiting" }, refs) });
      case "retrying": {
        const progress = await outcome(() => retries.progress(id, result.rowIds, result.since));
        logEvent(logger, "delivery.retry_outcome", { escalation: formatEscalationId(id), outcome: progress.kind });
        return answer(respond, logger, { replace_original: true, ...buildRetryOutcome(result.escalation, progress, refs) });
      }
    }
  } catch (err) {
    logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, "delivery.retry");
    return answer(respond, logger, { response_type: "ephemeral", replace_original: false, text: SOMETHING_WENT_WRONG });
  }
}

/**
 * Waits (real time, briefly) for the deliverer to try the rows, so the person learns whether it
 * worked; a send held up by Slack's pacing is answered as under way.
 */
async function outcome(read: () => Promise<RetryProgress>): Promise<RetryProgress> {
  const deadline = Date.now() + OUTCOME_WAIT_MS;
  for (;;) {
    const progress = await read();
    if (progress.kind !== "trying" || Date.now() >= deadline) return progress;
    await new Promise((r) => setTimeout(r, OUTCOME_POLL_MS));
  }
}

/** Through the response URL, which reaches an ephemeral notice and a DM alike; a failure is only logged. */
async function answer(respond: RespondFn, logger: Logger, message: RespondArguments): Promise<void> {
  try {
    await respond(message);
  } catch (err) {
    logger.warn({ error: err instanceof Error ? err.message : String(err) }, "delivery.retry_unanswered");
  }
}
