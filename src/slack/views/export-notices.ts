import { formatEscalationId } from "../../domain/escalation-id.js";
import { channelLink, userText } from "./slack-format.js";

/**
 * What Export says in Slack: the file's comment in the thread, and the private answer to the person
 * who asked (done, refused, or Slack's refusal in words with what to do).
 */

/** The file's comment in the thread: who asked, and what it holds. No detail: the file holds it. */
export function exportComment(id: number, userId: string): string {
  return `:memo: ${formatEscalationId(id)} exported by <@${userId}>: the escalation package and the bug report for Jira.`;
}

/** Said privately to the person who asked. */
export const exportNotice = {
  done: (id: number, channelId: string, fileName: string) => `:memo: ${formatEscalationId(id)} exported: \`${userText(fileName)}\` is in its thread in ${channelLink(channelId)}.`,
  notFound: (id: number) => `There is no ${formatEscalationId(id)}.`,
  /** Says nothing of the escalation but that it is restricted: an outsider learns no detail. */
  refused: (id: number) => `:lock: ${formatEscalationId(id)} is restricted: only the people allowed to see it can export it. Nothing was exported.`,
  notPosted: (id: number) => `${formatEscalationId(id)} has no post in Slack yet, so there is no thread to put the file in. Try again once it is posted, or use \`escalation-bot export ${formatEscalationId(id)}\`.`,
  failed: (id: number, error: string, channelId: string | null) => `:warning: ${formatEscalationId(id)} could not be exported: ${exportErrorText(error, channelId)} Nothing was shared.`,
};

/** Slack's refusal of the upload, in words, with what to do. */
export function exportErrorText(error: string, channelId: string | null): string {
  const where = channelId ? channelLink(channelId) : "its channel";
  switch (error) {
    case "missing_scope":
      return "Slack says the app may not share files (`missing_scope`: it needs `files:write`). Ask your Slack admin to reinstall it from the current manifest.";
    case "not_in_channel":
      return `Slack says the app is not in ${where} (\`not_in_channel\`), and only members can share files there. Invite it with \`/invite @Escalation Bot\`, then export again.`;
    case "channel_not_found":
      return `Slack cannot find ${where} (\`channel_not_found\`); it may have been deleted, or be private without the app.`;
    case "is_archived":
      return `${where} is archived (\`is_archived\`).`;
    default:
      return `Slack answered \`${userText(error)}\`. Try again in a moment.`;
  }
}
