import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { formatSlaDuration } from "../../domain/sla-duration.js";
import { logEvent } from "../../logger.js";
import { CALLBACK, REOPEN_FIELD as O } from "../ids.js";
import { textOf, zViewStateValues } from "../view-state.js";
import { buildReopenModal } from "../views/life-modals.js";
import { slackDate } from "../views/slack-format.js";
import { actorFor, refusalText, replyEphemeral, saveThenAck, SOMETHING_WENT_WRONG, STALE_FORM, type ListenerDeps } from "./deps.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

/**
 * Opens the Reopen form for escalation `id` (from the resolved post's button or
 * `/escalate reopen ESC-0042`), or says privately why it cannot be reopened: not resolved, the
 * playbook's window has ended, or the person may not.
 */
export async function openReopenForm(
  deps: ListenerDeps,
  client: WebClient,
  place: { id: number; userId: string; channelId: string | undefined; triggerId: string },
): Promise<void> {
  const { logger, policy } = deps;
  const ref = formatEscalationId(place.id);
  const target = { channel: place.channelId, user: place.userId };
  const log = (outcome: string) => logEvent(logger, "escalation.reopen_open", { escalation: ref, user: place.userId, outcome });
  try {
    const esc = await deps.escalations.get(place.id);
    if (!esc) {
      log("not_found");
      return replyEphemeral(client, logger, target, `There is no ${ref}.`);
    }
    const elsewhere = restrictedPlaceRefusal(esc, place.channelId);
    if (elsewhere) {
      log("refused_outside_restricted_channel");
      return replyEphemeral(client, logger, target, elsewhere);
    }
    const may = await deps.life.reopening.mayReopen(place.id, await deps.actors.of(client, place.userId, esc));
    log(may.kind);
    switch (may.kind) {
      case "allowed":
        await client.views.open({ trigger_id: place.triggerId, view: buildReopenModal(may.escalation, deps.refs) });
        return;
      case "refused":
        return replyEphemeral(client, logger, target, refusalText(may));
      case "not_found":
        return replyEphemeral(client, logger, target, `There is no ${ref}.`);
      case "not_resolved":
      case "already_resolved":
        return replyEphemeral(client, logger, target, `${ref} is not resolved: it is still open, so there is nothing to reopen.`);
      case "window_closed":
        return replyEphemeral(
          client,
          logger,
          target,
          `${ref} can no longer be reopened: the playbook allows it for ${formatSlaDuration(policy.lifecycle.reopenWindow)} after it was resolved, until ${slackDate(may.windowEnded)}. ` +
            `Open a new escalation with \`/escalate\` and mention ${ref} in it.`,
        );
    }
  } catch (err) {
    logger.error({ escalation: ref, outcome: "error", err }, "escalation.reopen_open");
    await replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
  }
}

/** The Reopen form: what came back is required and kept on the timeline. */
export function registerReopen(app: App, deps: ListenerDeps): void {
  const { logger } = deps;
  app.view(CALLBACK.reopenModal, async ({ ack, body, view, client }) => {
    const values = zViewStateValues.safeParse(view.state.values);
    const reason = values.success ? textOf(values.data, O.reason) : undefined;
    if (!reason) return void (await ack({ response_action: "errors", errors: { [O.reason]: "Say what came back: the owner and the level read this first." } }));
    const id = deps.refs.verifyMetadata(view.private_metadata);
    if (id === undefined) {
      logEvent(logger, "escalation.reopen", { user: body.user.id, outcome: "bad_metadata" });
      return void (await ack({ response_action: "errors", errors: { [O.reason]: STALE_FORM } }));
    }
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.reopen", fields: { escalation: formatEscalationId(id) } }, O.reason, () => deps.life.reopening.reopen(id, actor, reason));
    if (!result) return;
    logEvent(logger, "escalation.reopen", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    const esc = result.kind === "not_found" ? undefined : result.escalation;
    const target = { channel: esc?.messageChannelId ?? undefined, user: body.user.id };
    if (result.kind === "refused") await replyEphemeral(client, logger, target, refusalText(result));
    if (result.kind === "window_closed") await replyEphemeral(client, logger, target, `${formatEscalationId(id)} can no longer be reopened: its window ended ${slackDate(result.windowEnded)}.`);
    if (result.kind === "not_resolved") await replyEphemeral(client, logger, target, `${formatEscalationId(id)} was already reopened.`);
  });
}
