import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { logEvent } from "../../logger.js";
import type { JiraRequestResult } from "../../services/jira-service.js";
import { ACTION } from "../ids.js";
import { exportNotice } from "../views/export-notices.js";
import { actorFor, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";
import { escalationOfClick } from "./escalation-ref.js";
import { restrictedPlaceRefusal } from "./restricted-place.js";

/**
 * Create Jira issue: from the post's "More actions" menu (life-actions.ts hands the choice here) or
 * the button of a resolved post; the export's reply points to it. The use case writes the outbox row (one per
 * escalation); the person is told it is on its way, or the key it already has.
 */
export function registerJira(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION.createJiraIssue, async ({ ack, body, action, client }) => {
    await ack();
    await jiraFromClick(deps, client, body, action.value);
  });
}

export async function jiraFromClick(deps: ListenerDeps, client: WebClient, body: BlockAction, signedRef: string | undefined): Promise<void> {
  const target = { channel: body.channel?.id, user: body.user.id };
  const id = await escalationOfClick(deps, signedRef, body);
  if (id === undefined || !deps.jira) {
    logEvent(deps.logger, "escalation.jira", { user: body.user.id, outcome: "stale_button" });
    return replyEphemeral(client, deps.logger, target, STALE_BUTTON);
  }
  try {
    const esc = await deps.escalations.get(id);
    // A restricted escalation is filed only from where it is worked, as it is exported.
    if (esc && restrictedPlaceRefusal(esc, body.channel?.id) !== undefined) {
      logEvent(deps.logger, "escalation.jira", { escalation: formatEscalationId(id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
      return replyEphemeral(client, deps.logger, target, JIRA_REFUSED(id));
    }
    const result = await deps.jira.requestIssue(id, await actorFor(deps, client, body.user.id, id));
    logEvent(deps.logger, "escalation.jira", { escalation: formatEscalationId(id), user: body.user.id, outcome: result.kind });
    await replyEphemeral(client, deps.logger, target, jiraReply(id, result, deps.jiraBaseUrl));
  } catch (err) {
    deps.logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, "escalation.jira");
    await replyEphemeral(client, deps.logger, target, SOMETHING_WENT_WRONG);
  }
}

/** Says nothing of the escalation but that it is restricted. */
const JIRA_REFUSED = (id: number) => `:lock: ${formatEscalationId(id)} is restricted: only the people allowed to see it can file it in Jira, from its own channel. Nothing was filed.`;

/** What the person who pressed it is told. */
export function jiraReply(id: number, result: JiraRequestResult, baseUrl: string | undefined): string {
  const ref = formatEscalationId(id);
  switch (result.kind) {
    case "queued":
      return `:ticket: Filing ${ref} in Jira from its bug report; its key will show on the post and in the thread.`;
    case "exists":
      return `:ticket: ${ref} is already filed in Jira: ${baseUrl ? `<${baseUrl}/browse/${result.key}|${result.key}>` : result.key}. Nothing new was made.`;
    case "in_progress":
      return result.status === "parked" || result.status === "failed"
        ? `:warning: ${ref} was sent to Jira, which refused it (${result.error ?? "no reason given"}). An admin fixes the Jira settings and runs \`escalation-bot integrations retry jira\`; nothing new was made.`
        : `:hourglass_flowing_sand: ${ref} is being filed in Jira already; its key will show on the post. Nothing new was made.`;
    case "not_found":
      return exportNotice.notFound(id);
    case "refused":
      return JIRA_REFUSED(id);
    case "off":
      return STALE_BUTTON;
  }
}
