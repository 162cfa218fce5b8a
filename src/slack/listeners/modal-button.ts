import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ModalView } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { refusalText, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";
import type { Action } from "../../domain/permissions.js";
import { escalationOfClick } from "./escalation-ref.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

/**
 * A button on an escalation that opens a form about it (Post update, Escalate, Resolve): ack, find
 * the escalation, refuse politely when it is resolved or the form does not apply, else views.open
 * while the trigger id is valid.
 */
export function registerModalButton(
  app: App,
  deps: ListenerDeps,
  spec: FormSpec,
): void {
  app.action<BlockAction<ButtonAction>>(spec.actionId, async ({ ack, body, action, client }) => {
    await ack();
    await openFormFromClick(deps, client, body, action.value, spec);
  });
}

/** A form about one escalation, opened from a click: which permission it needs, and how it is built. */
export interface FormSpec {
  actionId: string;
  action: Action;
  event: string;
  /** May ask the database first (a parent's form lists its linked escalations): trigger ids live 3 s, reads take milliseconds. */
  build: (esc: EscalationRow) => ModalView | { refusal: string } | Promise<ModalView | { refusal: string }>;
}

/**
 * The checks every form about an escalation makes before it opens (a signed reference from this
 * very post, not resolved, clicked where a restricted escalation may be worked, allowed by the
 * playbook), then views.open while the trigger id is valid. Refusals are said privately.
 */
export async function openFormFromClick(deps: ListenerDeps, client: WebClient, body: BlockAction, signedRef: string | undefined, spec: Omit<FormSpec, "actionId">): Promise<void> {
  const { escalations, logger } = deps;
  const target = { channel: body.channel?.id, user: body.user.id };
  const id = await escalationOfClick(deps, signedRef, body);
  const esc = id === undefined ? undefined : await escalations.get(id);
  const log = (outcome: string, extra: Record<string, string> = {}) =>
    logEvent(logger, spec.event, { escalation: esc ? formatEscalationId(esc.id) : undefined, user: body.user.id, outcome, ...extra });
  if (id === undefined) {
    log("stale_button");
    return replyEphemeral(client, logger, target, STALE_BUTTON);
  }
  if (!esc) {
    log("not_found");
    return replyEphemeral(client, logger, target, `${formatEscalationId(id)} no longer exists.`);
  }
  if (esc.status === "resolved") {
    log("already_resolved");
    return replyEphemeral(client, logger, target, buildAlreadyResolved(esc));
  }
  const elsewhere = restrictedPlaceRefusal(esc, body.channel?.id);
  if (elsewhere) {
    log("refused_outside_restricted_channel");
    return replyEphemeral(client, logger, target, elsewhere);
  }
  // Nobody gets a form (and what it shows) for a change they may not make.
  const may = await escalations.mayStart(esc.id, spec.action, await deps.actors.of(client, body.user.id, esc));
  if (may.kind === "refused") {
    log("refused");
    return replyEphemeral(client, logger, target, refusalText(may));
  }
  const view = await spec.build(esc);
  if ("refusal" in view) {
    log("refused");
    return replyEphemeral(client, logger, target, view.refusal);
  }
  try {
    await client.views.open({ trigger_id: body.trigger_id, view });
    log("modal_opened");
  } catch (err) {
    log("views_open_failed", { error: String(err) });
    await replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
  }
}
