import type { App, BlockAction, ButtonAction, StaticSelectAction } from "@slack/bolt";
import type { EscalationRow } from "../../db/schema.js";
import { gapsLeft } from "../../domain/customer-draft.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import type { CustomerUpdate } from "../../services/customer-update-service.js";
import { ACTION, CALLBACK, DRAFT_FIELD, draftBlockId, templateOfDraftBlock } from "../ids.js";
import { textOf, zViewStateValues } from "../view-state.js";
import { buildCustomerDraftModal } from "../views/customer-draft-modal.js";
import { channelLink } from "../views/slack-format.js";
import { replyEphemeral, saveThenAck, SOMETHING_WENT_WRONG, STALE_BUTTON, STALE_FORM, type ListenerDeps } from "./deps.js";
import { draftActor, draftModalInput } from "./customer-draft-form.js";
import { escalationOfClick } from "./escalation-ref.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

const EVENT = "escalation.customer_update";

/** Said to someone who may not see a restricted escalation, instead of its draft. */
const notAllowed = (esc: EscalationRow) =>
  `:lock: ${formatEscalationId(esc.id)} is restricted: only the people who may see it (${esc.messageChannelId ? `members of ${channelLink(esc.messageChannelId)}, ` : ""}its restricted team and managers) can draft its customer updates.`;

/**
 * Draft customer update → the modal with the fitting template filled in; its Template menu draws the
 * modal again from another template (views.update); Mark as sent records the text as sent and tells
 * the thread. Nothing here writes to a customer.
 */
export function registerCustomerDrafts(app: App, deps: ListenerDeps): void {
  const { logger } = deps;

  app.action<BlockAction<ButtonAction>>(ACTION.draftCustomerUpdate, async ({ ack, body, action, client }) => {
    await ack();
    const target = { channel: body.channel?.id, user: body.user.id };
    const id = await escalationOfClick(deps, action.value, body);
    const esc = id === undefined ? undefined : await deps.escalations.get(id);
    const log = (outcome: string) => logEvent(logger, EVENT, { escalation: id === undefined ? undefined : formatEscalationId(id), user: body.user.id, outcome });
    if (!esc) {
      log(id === undefined ? "stale_button" : "not_found");
      return replyEphemeral(client, logger, target, id === undefined ? STALE_BUTTON : `${formatEscalationId(id)} no longer exists.`);
    }
    const elsewhere = restrictedPlaceRefusal(esc, body.channel?.id);
    if (elsewhere) {
      log("refused_outside_restricted_channel");
      return replyEphemeral(client, logger, target, elsewhere);
    }
    try {
      const access = await deps.life.customerUpdates.draft(esc.id, await draftActor(deps, client, body.user.id, esc));
      if (access.kind !== "allowed") {
        log(access.kind);
        return replyEphemeral(client, logger, target, access.kind === "not_allowed" ? notAllowed(esc) : `${formatEscalationId(esc.id)} no longer exists.`);
      }
      const input = await draftModalInput(deps, client, body.user.id, access);
      if (!input) {
        log("no_template");
        return replyEphemeral(client, logger, target, `The playbook has no customer-communication template for ${formatEscalationId(esc.id)}.`);
      }
      await client.views.open({ trigger_id: body.trigger_id, view: buildCustomerDraftModal(input, deps.refs) });
      log("modal_opened");
    } catch (err) {
      logger.error({ escalation: formatEscalationId(esc.id), outcome: "error", err }, EVENT);
      await replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
    }
  });

  // Another template chosen in the open draft: the same modal, drawn from that template.
  app.action<BlockAction<StaticSelectAction>>(DRAFT_FIELD.template, async ({ ack, body, action, client }) => {
    await ack();
    const view = body.view;
    const id = deps.refs.verifyMetadata(view?.private_metadata);
    const esc = id === undefined ? undefined : await deps.escalations.get(id);
    if (!view || !esc) return logEvent(logger, `${EVENT}_template`, { user: body.user.id, outcome: "stale_form" });
    try {
      const access = await deps.life.customerUpdates.draft(esc.id, await draftActor(deps, client, body.user.id, esc));
      const input = access.kind === "allowed" ? await draftModalInput(deps, client, body.user.id, access, action.selected_option?.value) : undefined;
      if (!input) return logEvent(logger, `${EVENT}_template`, { escalation: formatEscalationId(esc.id), user: body.user.id, outcome: access.kind });
      // The hash makes Slack refuse the update if the modal changed meanwhile (a quicker second choice).
      await client.views.update({ view_id: view.id, ...(view.hash ? { hash: view.hash } : {}), view: buildCustomerDraftModal(input, deps.refs) });
      logEvent(logger, `${EVENT}_template`, { escalation: formatEscalationId(esc.id), user: body.user.id, template: input.template.id, outcome: "updated" });
    } catch (err) {
      logEvent(logger, `${EVENT}_template`, { escalation: formatEscalationId(esc.id), user: body.user.id, outcome: "update_failed", error: err instanceof Error ? err.message : String(err) });
    }
  });

  for (const [callbackId, confirmed] of [[CALLBACK.customerDraftModal, false], [CALLBACK.customerDraftConfirmModal, true]] as const) {
    app.view(callbackId, async ({ ack, body, view, client }) => {
      const parsed = zViewStateValues.safeParse(view.state.values);
      const state = parsed.success ? parsed.data : {};
      const textBlock = Object.keys(state).find((k) => templateOfDraftBlock(k) !== undefined);
      const template = textBlock && deps.policy.templates.find((t) => t.id === templateOfDraftBlock(textBlock));
      const id = deps.refs.verifyMetadata(view.private_metadata);
      const esc = id === undefined ? undefined : await deps.escalations.get(id);
      if (!esc || !textBlock || !template) {
        logEvent(logger, EVENT, { user: body.user.id, outcome: "stale_form" });
        return void (await ack({ response_action: "errors", errors: { [textBlock ?? DRAFT_FIELD.template]: STALE_FORM } }));
      }
      const subjectBlock = draftBlockId("subject", template.id);
      const text = textOf(state, textBlock);
      const subject = template.subject === undefined ? undefined : textOf(state, subjectBlock);
      if (!text || (template.subject !== undefined && !subject)) {
        const errors: Record<string, string> = {};
        if (!text) errors[textBlock] = "Write the message as you sent it: the timeline keeps what the customer got.";
        if (template.subject !== undefined && !subject) errors[subjectBlock] = "Give the subject it was sent with.";
        return void (await ack({ response_action: "errors", errors }));
      }
      const actor = await draftActor(deps, client, body.user.id, esc);
      const access = await deps.life.customerUpdates.draft(esc.id, actor);
      if (access.kind !== "allowed") {
        logEvent(logger, EVENT, { escalation: formatEscalationId(esc.id), user: body.user.id, outcome: access.kind });
        return void (await ack({ response_action: "errors", errors: { [textBlock]: access.kind === "not_allowed" ? "You may not see this restricted escalation; nothing was recorded." : STALE_FORM } }));
      }
      const gaps = gapsLeft(template, `${subject ?? ""}\n${text}`);
      if (gaps.length > 0 && !confirmed) {
        // Asked once, with the blanks named and the text kept: it may have gone out filled in elsewhere, or as it is.
        const input = await draftModalInput(deps, client, body.user.id, access, template.id);
        logEvent(logger, EVENT, { escalation: formatEscalationId(esc.id), user: body.user.id, outcome: "gaps_left" });
        if (input) return void (await ack({ response_action: "update", view: buildCustomerDraftModal({ ...input, subject, text, gapsLeft: gaps }, deps.refs) }));
      }
      const sent: CustomerUpdate = { template: template.id, templateKind: template.kind, label: template.label, ...(subject ? { subject } : {}), text, ...(gaps.length > 0 ? { gapsLeft: gaps } : {}) };
      const result = await saveThenAck(ack, logger, { event: EVENT, fields: { escalation: formatEscalationId(esc.id) } }, textBlock, () => deps.life.customerUpdates.markSent(esc.id, actor, sent));
      if (!result) return;
      logEvent(logger, EVENT, { escalation: formatEscalationId(esc.id), user: body.user.id, template: template.id, outcome: result.kind === "done" ? "sent" : result.kind });
    });
  }
}
