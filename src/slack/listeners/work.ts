import type { App, BlockAction, StaticSelectAction } from "@slack/bolt";
import { SNOOZE_MINUTES } from "../../domain/clocks.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { nextLevel } from "../../domain/playbook/lookup.js";
import { logEvent } from "../../logger.js";
import { ACTION, CALLBACK, ESCALATE_FIELD as E, UPDATE_FIELD as U } from "../ids.js";
import { checkedOf, selectedOf, textOf, zViewStateValues, type FieldErrors } from "../view-state.js";
import { forEachChild, shareWithChildren } from "./linked-children.js";
import { buildEscalateModal, buildUpdateModal, UPDATE_STATUSES } from "../views/work-modals.js";
import { slackDate } from "../views/slack-format.js";
import { actorFor, refusalText, replyAlreadyResolved, replyEphemeral, saveThenAck, SOMETHING_WENT_WRONG, STALE_BUTTON, STALE_FORM, type ListenerDeps } from "./deps.js";
import type { WebClient } from "@slack/web-api";
import type { Refused } from "../../services/escalation-service.js";
import { escalationOfClick } from "./escalation-ref.js";
import { registerModalButton } from "./modal-button.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

/** "ESC-0012.<sig>:60" from the snooze menu → the signed reference and 60 minutes (only the offered choices). */
function parseSnooze(value: string | undefined): { signedRef: string; minutes: number } | undefined {
  const m = /^([^:]+):(\d+)$/.exec(value ?? "");
  const minutes = Number(m?.[2]);
  if (!m?.[1] || !SNOOZE_MINUTES.includes(minutes as (typeof SNOOZE_MINUTES)[number])) return undefined;
  return { signedRef: m[1], minutes };
}

/** Post update, Escalate and Snooze: working an escalation between acknowledge and resolve. */
export function registerWork(app: App, deps: ListenerDeps): void {
  const { escalations, policy, logger } = deps;
  /** A form's change was refused: said privately where the escalation is. */
  const replyRefused = (client: WebClient, userId: string, result: Refused) =>
    replyEphemeral(client, logger, { channel: result.escalation.messageChannelId ?? undefined, user: userId }, refusalText(result));
  registerModalButton(app, deps, {
    actionId: ACTION.postUpdate,
    action: "update",
    event: "escalation.update_open",
    build: async (esc) => buildUpdateModal(esc, deps.refs, await shareWithChildren(deps, esc)),
  });
  registerModalButton(app, deps, {
    actionId: ACTION.escalate,
    action: "escalate",
    event: "escalation.escalate_open",
    build: (esc) =>
      nextLevel(policy, esc.level, esc.severity)
        ? buildEscalateModal(esc, policy, deps.refs)
        : { refusal: `${formatEscalationId(esc.id)} is already at the top level of the playbook.` },
  });

  app.view(CALLBACK.updateModal, async ({ ack, body, view, client }) => {
    const values = zViewStateValues.safeParse(view.state.values);
    const state = values.success ? values.data : {};
    const errors: FieldErrors = {};
    const status = selectedOf(state, U.status);
    const done = textOf(state, U.done);
    if (!status || !UPDATE_STATUSES.some((s) => s.id === status)) errors[U.status] = "Choose where it stands.";
    if (!done) errors[U.done] = "Say what was done since the last update.";
    if (!status || !done || Object.keys(errors).length > 0) return void (await ack({ response_action: "errors", errors }));
    const id = deps.refs.verifyMetadata(view.private_metadata);
    if (id === undefined) {
      logEvent(logger, "escalation.update", { user: body.user.id, outcome: "bad_metadata" });
      return void (await ack({ response_action: "errors", errors: { [U.done]: STALE_FORM } }));
    }
    const radio = state[U.customerVisible]?.[U.customerVisible] as { selected_option?: { value: string } | null } | undefined;
    const next = textOf(state, U.next);
    const update = { status, done, customerVisible: radio?.selected_option?.value === "yes", ...(next ? { next } : {}) };
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.update", fields: { escalation: formatEscalationId(id) } }, U.done, () =>
      escalations.postUpdate(id, actor, update),
    );
    if (!result) return;
    logEvent(logger, "escalation.update", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    if (result.kind === "done" && checkedOf(state, U.children).includes("yes")) {
      await forEachChild(deps, client, body.user.id, result.escalation, "escalation.update_shared", (childId, childActor) =>
        escalations.postUpdate(childId, childActor, { ...update, fromParent: id }),
      );
    }
    if (result.kind === "refused") await replyRefused(client, body.user.id, result);
    if (result.kind === "already_resolved") await replyAlreadyResolved(client, logger, body.user.id, result.escalation);
  });

  app.view(CALLBACK.escalateModal, async ({ ack, body, view, client }) => {
    const values = zViewStateValues.safeParse(view.state.values);
    const state = values.success ? values.data : {};
    const reason = textOf(state, E.reason);
    const toLevel = selectedOf(state, E.level);
    if (!reason || !toLevel) {
      const errors: FieldErrors = {};
      if (!reason) errors[E.reason] = "Say why it needs the next level: they will read this first.";
      if (!toLevel) errors[E.level] = "Choose the level to escalate to.";
      return void (await ack({ response_action: "errors", errors }));
    }
    const id = deps.refs.verifyMetadata(view.private_metadata);
    if (id === undefined) {
      logEvent(logger, "escalation.escalate", { user: body.user.id, outcome: "bad_metadata" });
      return void (await ack({ response_action: "errors", errors: { [E.reason]: STALE_FORM } }));
    }
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.escalate", fields: { escalation: formatEscalationId(id) } }, E.reason, () =>
      escalations.escalate(id, actor, toLevel, reason),
    );
    if (!result) return;
    logEvent(logger, "escalation.escalate", { escalation: formatEscalationId(id), user: body.user.id, to: toLevel, outcome: result.kind });
    if (result.kind === "already_resolved") await replyAlreadyResolved(client, logger, body.user.id, result.escalation);
    if (result.kind === "refused") await replyRefused(client, body.user.id, result);
    if (result.kind === "not_higher") {
      const target = { channel: result.escalation.messageChannelId ?? undefined, user: body.user.id };
      await replyEphemeral(client, logger, target, `${formatEscalationId(id)} is already at or above that level; nothing changed.`);
    }
  });

  app.action<BlockAction<StaticSelectAction>>(ACTION.snooze, async ({ ack, body, action, client }) => {
    await ack();
    const target = { channel: body.channel?.id, user: body.user.id };
    const snooze = parseSnooze(action.selected_option?.value);
    const id = snooze && await escalationOfClick(deps, snooze.signedRef, body);
    if (!snooze || id === undefined) {
      logEvent(logger, "escalation.snooze", { user: body.user.id, outcome: "stale_button" });
      return replyEphemeral(client, logger, target, STALE_BUTTON);
    }
    const choice = { id, minutes: snooze.minutes };
    const esc = await escalations.get(choice.id);
    const elsewhere = esc && restrictedPlaceRefusal(esc, body.channel?.id);
    if (elsewhere) {
      logEvent(logger, "escalation.snooze", { escalation: formatEscalationId(choice.id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
      return replyEphemeral(client, logger, target, elsewhere);
    }
    try {
      const result = await escalations.snooze(choice.id, await actorFor(deps, client, body.user.id, choice.id), choice.minutes);
      logEvent(logger, "escalation.snooze", { escalation: formatEscalationId(choice.id), user: body.user.id, minutes: choice.minutes, outcome: result.kind });
      if (result.kind === "refused") return replyEphemeral(client, logger, target, refusalText(result));
      if (result.kind === "already_resolved") return replyAlreadyResolved(client, logger, body.user.id, result.escalation);
      if (result.kind === "not_found") return replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
      await replyEphemeral(client, logger, target, `:zzz: Next update reminder for ${formatEscalationId(choice.id)} at ${slackDate(result.until)}.`);
    } catch (err) {
      logger.error({ outcome: "error", err }, "escalation.snooze");
      await replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
    }
  });

  // "Open thread" is a link button: Slack opens the link and still tells us about the click.
  app.action(ACTION.openThread, async ({ ack }) => {
    await ack();
  });
}
