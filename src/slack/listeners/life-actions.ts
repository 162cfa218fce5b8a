import type { App, BlockAction, ButtonAction, OverflowAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { formatEscalationId } from "../../domain/escalation-id.js";
import type { Action } from "../../domain/permissions.js";
import { levelsBelow } from "../../domain/reclassify.js";
import { logEvent } from "../../logger.js";
import type { OwnershipResult } from "../../services/ownership-service.js";
import type { WaitResult } from "../../services/waiting-service.js";
import { ACTION, MORE, type MoreAction } from "../ids.js";
import { parseMoreValue } from "../views/escalation-actions.js";
import { buildDeescalateModal, buildReassignModal, buildReclassifyModal } from "../views/life-modals.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { mention } from "../views/slack-format.js";
import { actorFor, refusalText, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";
import { escalationOfClick } from "./escalation-ref.js";
import { exportFromClick } from "./export.js";
import { jiraFromClick } from "./jira.js";
import { openFormFromClick, type FormSpec } from "./modal-button.js";
import { handleLinkChoice } from "./linking.js";
import { openReopenForm } from "./reopen.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

/**
 * The post's "More actions" menu (Take ownership, Reassign…, Change severity or category…,
 * De-escalate…, Waiting on customer), the Customer replied button and the resolved post's Reopen.
 * Forms open through openFormFromClick's checks; the one-click changes make the same checks here.
 */
export function registerLifeActions(app: App, deps: ListenerDeps): void {
  const { policy } = deps;
  const forms: Partial<Record<MoreAction, Omit<FormSpec, "actionId">>> = {
    [MORE.reassign]: { action: "reassign", event: "escalation.reassign_open", build: (esc) => buildReassignModal(esc, deps.refs) },
    [MORE.reclassify]: { action: "reclassify", event: "escalation.reclassify_open", build: (esc) => buildReclassifyModal(esc, policy, deps.refs) },
    [MORE.deescalate]: {
      action: "deescalate",
      event: "escalation.deescalate_open",
      build: (esc) =>
        policy.lifecycle.deescalate && levelsBelow(policy, esc.level, esc.severity).length > 0
          ? buildDeescalateModal(esc, policy, deps.refs)
          : { refusal: `${formatEscalationId(esc.id)} cannot be handed down: ${policy.lifecycle.deescalate ? "it is at the first level of its path" : "the playbook does not allow de-escalating"}.` },
    },
  };

  app.action<BlockAction<OverflowAction>>(ACTION.more, async ({ ack, body, action, client }) => {
    await ack();
    const chosen = parseMoreValue(action.selected_option?.value);
    if (!chosen) {
      logEvent(deps.logger, "escalation.more", { user: body.user.id, outcome: "stale_button" });
      return replyEphemeral(client, deps.logger, { channel: body.channel?.id, user: body.user.id }, STALE_BUTTON);
    }
    if (chosen.choice === MORE.export) return exportFromClick(deps, client, body, chosen.signedRef);
    if (chosen.choice === MORE.jira) return jiraFromClick(deps, client, body, chosen.signedRef);
    const form = forms[chosen.choice];
    if (form) return openFormFromClick(deps, client, body, chosen.signedRef, form);
    if (chosen.choice === MORE.link || chosen.choice === MORE.unlink) return handleLinkChoice(deps, client, body, chosen.choice, chosen.signedRef);
    if (chosen.choice === MORE.takeOwnership) return oneClick(deps, client, body, chosen.signedRef, "takeOwnership", (id, actor) => deps.life.ownership.take(id, actor));
    return oneClick(deps, client, body, chosen.signedRef, "waitOnCustomer", (id, actor) => deps.life.waiting.waitOnCustomer(id, actor));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.customerReplied, async ({ ack, body, action, client }) => {
    await ack();
    await oneClick(deps, client, body, action.value, "waitOnCustomer", (id, actor) => deps.life.waiting.customerReplied(id, actor));
  });

  app.action<BlockAction<ButtonAction>>(ACTION.reopen, async ({ ack, body, action, client }) => {
    await ack();
    const target = { channel: body.channel?.id, user: body.user.id };
    const id = await escalationOfClick(deps, action.value, body);
    if (id === undefined) return replyEphemeral(client, deps.logger, target, STALE_BUTTON);
    await openReopenForm(deps, client, { id, userId: body.user.id, channelId: body.channel?.id, triggerId: body.trigger_id });
  });
}

type OneClickResult = OwnershipResult | WaitResult;

/** A change made with one click: the same checks as a form's, then the change, then a private word on how it went. */
async function oneClick(
  deps: ListenerDeps,
  client: WebClient,
  body: BlockAction,
  signedRef: string | undefined,
  action: Action,
  change: (id: number, actor: Awaited<ReturnType<typeof actorFor>>) => Promise<OneClickResult>,
): Promise<void> {
  const { logger } = deps;
  const target = { channel: body.channel?.id, user: body.user.id };
  const event = `escalation.${action}`;
  const id = await escalationOfClick(deps, signedRef, body);
  if (id === undefined) {
    logEvent(logger, event, { user: body.user.id, outcome: "stale_button" });
    return replyEphemeral(client, logger, target, STALE_BUTTON);
  }
  const esc = await deps.escalations.get(id);
  const elsewhere = esc && restrictedPlaceRefusal(esc, body.channel?.id);
  if (elsewhere) {
    logEvent(logger, event, { escalation: formatEscalationId(id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
    return replyEphemeral(client, logger, target, elsewhere);
  }
  try {
    const result = await change(id, await actorFor(deps, client, body.user.id, id));
    logEvent(logger, event, { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    const said = oneClickAnswer(result, body.user.id, id);
    if (said) await replyEphemeral(client, logger, target, said);
  } catch (err) {
    logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, event);
    await replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
  }
}

/** What the clicker is told privately; nothing when the post and thread say it already. */
function oneClickAnswer(result: OneClickResult, userId: string, id: number): string | undefined {
  const ref = formatEscalationId(id);
  switch (result.kind) {
    case "done":
      return undefined;
    case "refused":
      return refusalText(result);
    case "already_resolved":
      return buildAlreadyResolved(result.escalation);
    case "not_found":
      return `${ref} no longer exists.`;
    case "already_owner":
      return result.escalation.ownerId === userId ? `You already own ${ref}.` : `${ref} is already owned by ${mention(result.escalation.ownerId ?? userId)}.`;
    case "not_acknowledged":
      return `${ref} must be acknowledged before it can wait on the customer: its first response never pauses.`;
    case "already_paused":
      return `${ref} is already waiting on the customer.`;
    case "not_paused":
      return `${ref} is not waiting on the customer; its clocks are running.`;
    case "never_pauses":
      return `${ref}'s clocks never stop: the playbook's restricted cases (security, privacy) do not wait on the customer.`;
    case "not_allowed":
      return `The playbook does not stop any clock while waiting on the customer, so ${ref} cannot be paused.`;
  }
}
