import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { findCategory, findSeverity } from "../../domain/playbook/lookup.js";
import { logEvent } from "../../logger.js";
import { CALLBACK, DEESCALATE_FIELD as D, REASSIGN_FIELD as A, RECLASSIFY_FIELD as C } from "../ids.js";
import { selectedOf, textOf, userOf, zViewStateValues, type FieldErrors, type ViewStateValues } from "../view-state.js";
import { buildAlreadyResolved } from "../views/notices.js";
import { whyNotThisPerson } from "./person-choice.js";
import { actorFor, refusalText, replyEphemeral, saveThenAck, STALE_FORM, type ListenerDeps } from "./deps.js";

/** The forms of an escalation's later life: Reassign, Change severity or category, De-escalate. */
export function registerLifeForms(app: App, deps: ListenerDeps): void {
  const { logger, policy, life } = deps;

  /** The form's values, its escalation (verified reference), or the inline errors to answer with. */
  const read = async (view: { state: { values: unknown }; private_metadata: string }, firstBlock: string, event: string, userId: string) => {
    const parsed = zViewStateValues.safeParse(view.state.values);
    const state: ViewStateValues = parsed.success ? parsed.data : {};
    const id = deps.refs.verifyMetadata(view.private_metadata);
    if (id === undefined) logEvent(logger, event, { user: userId, outcome: "bad_metadata" });
    const esc = id === undefined ? undefined : await deps.escalations.get(id);
    return { state, id, esc, stale: id === undefined ? { [firstBlock]: STALE_FORM } : undefined };
  };

  /** After the change: what the person is told privately when it did not happen. */
  const tellOutcome = async (client: WebClient, userId: string, esc: EscalationRow | undefined, result: { kind: string; escalation?: EscalationRow }) => {
    const target = { channel: esc?.messageChannelId ?? undefined, user: userId };
    const ref = esc ? formatEscalationId(esc.id) : "The escalation";
    if (result.kind === "refused") await replyEphemeral(client, logger, target, refusalText(result as Parameters<typeof refusalText>[0]));
    if (result.kind === "already_resolved" && result.escalation) await replyEphemeral(client, logger, target, buildAlreadyResolved(result.escalation));
    if (result.kind === "not_lower") await replyEphemeral(client, logger, target, `${ref} is already at or below that level; nothing changed.`);
    if (result.kind === "not_allowed") await replyEphemeral(client, logger, target, "The playbook does not allow de-escalating; nothing changed.");
  };

  app.view(CALLBACK.reassignModal, async ({ ack, body, view, client }) => {
    const { state, id, esc, stale } = await read(view, A.user, "escalation.reassign", body.user.id);
    if (stale || id === undefined || !esc) return void (await ack({ response_action: "errors", errors: stale ?? { [A.user]: STALE_FORM } }));
    const to = userOf(state, A.user);
    const problem = to ? await whyNotThisPerson(deps, client, esc, to, { holder: esc.ownerId, holds: "owns", canStill: "still work on it" }) : "Choose the person who takes it over.";
    if (problem || !to) return void (await ack({ response_action: "errors", errors: { [A.user]: problem ?? "Choose the person who takes it over." } }));
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.reassign", fields: { escalation: formatEscalationId(id) } }, A.user, () =>
      life.ownership.reassign(id, actor, to, textOf(state, A.note)),
    );
    if (!result) return;
    logEvent(logger, "escalation.reassign", { escalation: formatEscalationId(id), user: body.user.id, to, outcome: result.kind });
    await tellOutcome(client, body.user.id, esc, result);
  });

  app.view(CALLBACK.reclassifyModal, async ({ ack, body, view, client }) => {
    const { state, id, esc, stale } = await read(view, C.reason, "escalation.reclassify", body.user.id);
    if (stale || id === undefined || !esc) return void (await ack({ response_action: "errors", errors: stale ?? { [C.reason]: STALE_FORM } }));
    const severity = findSeverity(policy, selectedOf(state, C.severity))?.id;
    const category = findCategory(policy, selectedOf(state, C.category))?.id ?? (selectedOf(state, C.category) === esc.category ? esc.category : undefined);
    const reason = textOf(state, C.reason);
    const errors: FieldErrors = {};
    if (!severity) errors[C.severity] = "Choose a severity of the playbook.";
    if (!category) errors[C.category] = "Choose a category of the playbook.";
    if (!reason) errors[C.reason] = "Say why: the people told read this first.";
    if (severity === esc.severity && category === esc.category) errors[C.severity] = "Choose a different severity or category: these are the current ones.";
    if (!severity || !category || !reason || Object.keys(errors).length > 0) return void (await ack({ response_action: "errors", errors }));
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.reclassify", fields: { escalation: formatEscalationId(id) } }, C.reason, () =>
      life.reclassification.reclassify(id, actor, { severity, category }, reason),
    );
    if (!result) return;
    logEvent(logger, "escalation.reclassify", { escalation: formatEscalationId(id), user: body.user.id, severity, category, outcome: result.kind });
    await tellOutcome(client, body.user.id, esc, result);
  });

  app.view(CALLBACK.deescalateModal, async ({ ack, body, view, client }) => {
    const { state, id, esc, stale } = await read(view, D.reason, "escalation.deescalate", body.user.id);
    if (stale || id === undefined || !esc) return void (await ack({ response_action: "errors", errors: stale ?? { [D.reason]: STALE_FORM } }));
    const toLevel = selectedOf(state, D.level);
    const reason = textOf(state, D.reason);
    if (!toLevel || !reason) {
      const errors: FieldErrors = {};
      if (!toLevel) errors[D.level] = "Choose the level to hand it to.";
      if (!reason) errors[D.reason] = "Say why it can go back down: that level reads this first.";
      return void (await ack({ response_action: "errors", errors }));
    }
    const actor = await actorFor(deps, client, body.user.id, id);
    const result = await saveThenAck(ack, logger, { event: "escalation.deescalate", fields: { escalation: formatEscalationId(id) } }, D.reason, () =>
      life.reclassification.deescalate(id, actor, toLevel, reason),
    );
    if (!result) return;
    logEvent(logger, "escalation.deescalate", { escalation: formatEscalationId(id), user: body.user.id, to: toLevel, outcome: result.kind });
    await tellOutcome(client, body.user.id, esc, result);
  });
}

