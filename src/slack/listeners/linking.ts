import type { AckFn, App, BlockAction, ViewResponseAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId, parseEscalationId } from "../../domain/escalation-id.js";
import { maySeeRestricted } from "../../domain/permissions.js";
import { logEvent } from "../../logger.js";
import type { LinkResult, UnlinkResult } from "../../services/linking-service.js";
import { CALLBACK, LINK_FIELD as L, MORE, UNLINK_FIELD as U } from "../ids.js";
import { selectedOf, textOf, zViewStateValues, type ViewStateValues } from "../view-state.js";
import { buildLinkModal, buildUnlinkModal, PICKER_MAX } from "../views/linked-escalations.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { actorFor, NOT_SAVED, refusalText, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, STALE_FORM, type ListenerDeps } from "./deps.js";
import { escalationOfClick } from "./escalation-ref.js";
import { openFormFromClick } from "./modal-button.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

/**
 * "Same issue as…" and Unlink from the post's "More actions" menu, and their forms. The picker
 * offers only escalations the person may see; a link the domain refuses (itself, a circle, a
 * resolved one, ...) keeps the form open with the reason.
 */
export function registerLinking(app: App, deps: ListenerDeps): void {
  const { logger } = deps;

  app.view(CALLBACK.linkModal, async ({ ack, body, view, client }) => {
    const state = readState(view.state.values);
    const id = deps.refs.verifyMetadata(view.private_metadata);
    const field = state[L.escalation] ? L.escalation : L.typedId;
    const fail = (message: string, at = field) => (ack as AckFn<ViewResponseAction>)({ response_action: "errors", errors: { [at]: message } });
    if (id === undefined) {
      logEvent(logger, "escalation.link", { user: body.user.id, outcome: "bad_metadata" });
      return void (await fail(STALE_FORM));
    }
    const typed = textOf(state, L.typedId);
    const picked = selectedOf(state, L.escalation);
    const chosenId = parseEscalationId(typed ?? picked ?? "") ?? (typed && /^\d+$/.test(typed) ? Number(typed) : undefined);
    if (typed && chosenId === undefined) return void (await fail("Type an escalation id such as ESC-0045.", L.typedId));
    if (chosenId === undefined) return void (await fail("Choose the escalation of the same issue, or type its id."));
    // What the person may not see does not exist for them: the same answer as for a missing one.
    const chosen = await deps.escalations.get(chosenId);
    if (!chosen || !(await maySee(deps, client, body.user.id, chosen))) {
      return void (await fail(`${formatEscalationId(chosenId)} does not exist, or you may not see it.`, typed ? L.typedId : field));
    }
    const actor = await actorFor(deps, client, body.user.id, id);
    let result: LinkResult;
    try {
      result = await deps.life.linking.link(id, actor, chosenId, textOf(state, L.note));
    } catch (err) {
      logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, "escalation.link");
      return void (await fail(NOT_SAVED));
    }
    logEvent(logger, "escalation.link", { escalation: formatEscalationId(id), user: body.user.id, to: formatEscalationId(chosenId), outcome: result.kind });
    if (result.kind === "cannot_link") return void (await fail(result.reason, typed ? L.typedId : field));
    await ack();
    await tellOutcome(deps, client, body.user.id, result);
  });

  app.view(CALLBACK.unlinkModal, async ({ ack, body, view, client }) => {
    const state = readState(view.state.values);
    const parentId = deps.refs.verifyMetadata(view.private_metadata);
    const childId = parseEscalationId(selectedOf(state, U.child) ?? "");
    if (parentId === undefined || childId === undefined) {
      logEvent(logger, "escalation.unlink", { user: body.user.id, outcome: parentId === undefined ? "bad_metadata" : "no_choice" });
      return void (await ack({ response_action: "errors", errors: { [U.child]: parentId === undefined ? STALE_FORM : "Choose the escalation to unlink." } }));
    }
    const actor = await actorFor(deps, client, body.user.id, parentId);
    let result: UnlinkResult;
    try {
      result = await deps.life.linking.unlink(childId, actor, parentId);
    } catch (err) {
      logger.error({ escalation: formatEscalationId(parentId), outcome: "error", err }, "escalation.unlink");
      return void (await ack({ response_action: "errors", errors: { [U.child]: NOT_SAVED } }));
    }
    logEvent(logger, "escalation.unlink", { escalation: formatEscalationId(childId), user: body.user.id, from: formatEscalationId(parentId), outcome: result.kind });
    if (result.kind === "not_linked") return void (await ack({ response_action: "errors", errors: { [U.child]: `${formatEscalationId(childId)} is no longer linked to ${formatEscalationId(parentId)}.` } }));
    await ack();
    await tellOutcome(deps, client, body.user.id, result);
  });
}

/** The "More actions" choices of linking: Same issue as… (a form), Unlink (one click on a child, a form on a parent). */
export async function handleLinkChoice(deps: ListenerDeps, client: WebClient, body: BlockAction, choice: typeof MORE.link | typeof MORE.unlink, signedRef: string): Promise<void> {
  const { logger } = deps;
  if (choice === MORE.link) {
    return openFormFromClick(deps, client, body, signedRef, {
      action: "link",
      event: "escalation.link_open",
      build: async (esc) => buildLinkModal(esc, await pickable(deps, client, body.user.id, esc), deps.policy, deps.refs),
    });
  }
  const target = { channel: body.channel?.id, user: body.user.id };
  const id = await escalationOfClick(deps, signedRef, body);
  const esc = id === undefined ? undefined : await deps.escalations.get(id);
  if (!esc) {
    logEvent(logger, "escalation.unlink", { user: body.user.id, outcome: "stale_button" });
    return replyEphemeral(client, logger, target, STALE_BUTTON);
  }
  if (esc.parentId === null) {
    // A parent: which of its linked escalations to unlink.
    return openFormFromClick(deps, client, body, signedRef, {
      action: "link",
      event: "escalation.unlink_open",
      build: async (parent) => {
        const { children } = await deps.escalations.links(parent);
        return children.length > 0 ? buildUnlinkModal(parent, children, deps.policy, deps.refs) : { refusal: `${formatEscalationId(parent.id)} has no linked escalations.` };
      },
    });
  }
  const elsewhere = restrictedPlaceRefusal(esc, body.channel?.id);
  if (elsewhere) {
    logEvent(logger, "escalation.unlink", { escalation: formatEscalationId(esc.id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
    return replyEphemeral(client, logger, target, elsewhere);
  }
  try {
    const result = await deps.life.linking.unlink(esc.id, await actorFor(deps, client, body.user.id, esc.id), esc.id);
    logEvent(logger, "escalation.unlink", { escalation: formatEscalationId(esc.id), user: body.user.id, outcome: result.kind });
    await tellOutcome(deps, client, body.user.id, result);
  } catch (err) {
    logger.error({ escalation: formatEscalationId(esc.id), outcome: "error", err }, "escalation.unlink");
    await replyEphemeral(client, logger, target, SOMETHING_WENT_WRONG);
  }
}

/** What the person is told privately when it did not happen (the threads say it when it did). */
async function tellOutcome(deps: ListenerDeps, client: WebClient, userId: string, result: LinkResult | UnlinkResult): Promise<void> {
  const esc = "escalation" in result ? result.escalation : undefined;
  const target = { channel: esc?.messageChannelId ?? undefined, user: userId };
  if (result.kind === "refused") await replyEphemeral(client, deps.logger, target, refusalText(result));
  if (result.kind === "already_resolved") await replyEphemeral(client, deps.logger, target, buildAlreadyResolved(result.escalation));
  if (result.kind === "not_linked") await replyEphemeral(client, deps.logger, target, `${formatEscalationId(result.escalation.id)} is not linked to another escalation; nothing changed.`);
  if (result.kind === "not_found") await replyEphemeral(client, deps.logger, target, "That escalation no longer exists; nothing changed.");
}

/**
 * The open escalations the person may pick, most recent first, without `esc` itself: a restricted
 * one only for someone who may see its details (its people, a manager, a member of its channel).
 */
async function pickable(deps: ListenerDeps, client: WebClient, userId: string, esc: EscalationRow): Promise<EscalationRow[]> {
  const picked: EscalationRow[] = [];
  // A few more than fit, since restricted ones the person may not see are left out.
  for (const candidate of await deps.escalations.openNewestFirst(PICKER_MAX * 2)) {
    if (candidate.id === esc.id) continue;
    if (await maySee(deps, client, userId, candidate)) picked.push(candidate);
    if (picked.length >= PICKER_MAX) break;
  }
  return picked;
}

async function maySee(deps: ListenerDeps, client: WebClient, userId: string, esc: EscalationRow): Promise<boolean> {
  return !esc.restricted || maySeeRestricted(esc, await deps.actors.of(client, userId, esc), deps.policy);
}

function readState(values: unknown): ViewStateValues {
  const parsed = zViewStateValues.safeParse(values);
  return parsed.success ? parsed.data : {};
}
