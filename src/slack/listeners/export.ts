import { restrictedPlaceRefusal } from "./restricted-place.js";
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { exportFileName, renderPackage, type ExportFormat } from "../../domain/export-render.js";
import { logEvent } from "../../logger.js";
import { ACTION } from "../ids.js";
import { exportComment, exportNotice } from "../views/export-notices.js";
import { actorFor, replyEphemeral, SOMETHING_WENT_WRONG, STALE_BUTTON, type ListenerDeps } from "./deps.js";
import { escalationOfClick } from "./escalation-ref.js";

/**
 * Export: the escalation package and its bug report, as a file in the escalation's thread
 * (files.uploadV2: an upload URL, the bytes, then completeUploadExternal into the thread). From
 * the post's "More actions" menu (life-actions.ts hands the choice here), the Export button of a
 * resolved post, or `/escalate export ESC-0042`.
 *
 * The upload is made at once, not through the outbox: it changes nothing in the escalation (no
 * state to commit with it), the person who asked waits for it and is told the outcome (Slack's
 * error in words, with what to do), and asking again is the retry. A replayed click is claimed once
 * at the edge, so it does not upload twice.
 */
export function registerExport(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION.export, async ({ ack, body, action, client }) => {
    await ack();
    await exportFromClick(deps, client, body, action.value);
  });
}

/** A click on Export (the button, or the menu's option) on a message about the escalation. */
export async function exportFromClick(deps: ListenerDeps, client: WebClient, body: BlockAction, signedRef: string | undefined): Promise<void> {
  const target = { channel: body.channel?.id, user: body.user.id };
  const id = await escalationOfClick(deps, signedRef, body);
  if (id === undefined) {
    logEvent(deps.logger, "escalation.export", { user: body.user.id, outcome: "stale_button" });
    return replyEphemeral(client, deps.logger, target, STALE_BUTTON);
  }
  const esc = await deps.escalations.get(id);
  // A restricted escalation is exported only from where it is worked: its own (restricted) channel, its private war room.
  if (esc && restrictedPlaceRefusal(esc, body.channel?.id) !== undefined) {
    logEvent(deps.logger, "escalation.export", { escalation: formatEscalationId(id), user: body.user.id, outcome: "refused_outside_restricted_channel" });
    return replyEphemeral(client, deps.logger, target, exportNotice.refused(id));
  }
  const said = await exportToThread(deps, client, { id, userId: body.user.id, format: "md" });
  await replyEphemeral(client, deps.logger, target, said);
}

/**
 * Builds the package (the service refuses a restricted one to whoever may not see it) and shares
 * it in the escalation's thread; answers what to tell the person who asked.
 */
export async function exportToThread(deps: ListenerDeps, client: WebClient, req: { id: number; userId: string; format: ExportFormat }): Promise<string> {
  const { id, userId } = req;
  const log = (outcome: string, extra: Record<string, string> = {}) =>
    logEvent(deps.logger, "escalation.export", { escalation: formatEscalationId(id), user: userId, format: req.format, outcome, ...extra });
  try {
    const esc = await deps.escalations.get(id);
    if (!esc) {
      log("not_found");
      return exportNotice.notFound(id);
    }
    const actor = await actorFor(deps, client, userId, id);
    const channel = esc.messageChannelId;
    const threadTs = esc.messageTs;
    const threadUrl = channel && threadTs ? await permalink(client, channel, threadTs) : undefined;
    const result = await deps.exports.exportPackage(id, { actor, threadUrl, names: (ids) => peopleNames(client, ids) });
    if (result.kind === "not_found") {
      log("not_found");
      return exportNotice.notFound(id);
    }
    if (result.kind === "refused") {
      log("refused");
      return exportNotice.refused(id);
    }
    if (!channel || !threadTs) {
      log("not_posted");
      return exportNotice.notPosted(id);
    }
    const fileName = exportFileName(result.package, req.format);
    try {
      await client.filesUploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        filename: fileName,
        title: `${result.package.id} · ${result.package.heading}`,
        content: renderPackage(result.package, req.format),
        initial_comment: exportComment(id, userId),
      });
    } catch (err) {
      const error = slackError(err);
      log("failed", { error });
      return exportNotice.failed(id, error, channel);
    }
    log("exported", { file: fileName });
    // The bug report is for Jira: say where to file it from, when the bot can.
    const jira = deps.jira && !esc.jiraKey ? `\n${JIRA_FROM_EXPORT}` : esc.jiraKey ? `\nIt is filed in Jira as ${esc.jiraKey}.` : "";
    return exportNotice.done(id, channel, fileName) + jira;
  } catch (err) {
    deps.logger.error({ escalation: formatEscalationId(id), outcome: "error", err }, "escalation.export");
    return SOMETHING_WENT_WRONG;
  }
}

const JIRA_FROM_EXPORT = ":ticket: To file its bug report in Jira, choose *Create Jira issue* on its post (in *More actions* while it is open).";

/** Real names of the people the package names, as Slack knows them; one that cannot be looked up keeps its id. */
async function peopleNames(client: WebClient, ids: string[]): Promise<ReadonlyMap<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    ids.slice(0, 50).map(async (id) => {
      try {
        const user = (await client.users.info({ user: id })).user;
        const name = user?.real_name || user?.profile?.real_name || user?.name;
        if (name) names.set(id, name);
      } catch {
        // The id is written instead.
      }
    }),
  );
  return names;
}

async function permalink(client: WebClient, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch {
    return undefined;
  }
}

/** Slack's error code from a failed call, or what went wrong on the way. */
function slackError(err: unknown): string {
  const data = (err as { data?: { error?: unknown } }).data;
  if (typeof data?.error === "string") return data.error;
  return err instanceof Error ? err.message.slice(0, 200) : String(err);
}
