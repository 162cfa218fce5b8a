import { ELLIPSIS, truncate } from "../../domain/text.js";
import { ticketUrl, type TicketingSpec } from "../../domain/ticket-link.js";

/**
 * Slack's markup, formed in one place: the bot's own mentions, channel links and dates, and
 * `userText` for every other text put into mrkdwn or a message's top-level `text`: whatever a
 * person typed, and words from elsewhere that must show as written (playbook names, Slack's error
 * codes). Slack reads `&`, `<` and `>` as control characters in mrkdwn and in the top-level `text`
 * alike (https://api.slack.com/reference/surfaces/formatting#escaping), so text left unescaped can
 * ping (`<!channel>`, `<!here>`, `<@U…>`, `<!subteam^…>`), link a channel (`<#C…>`) or disguise a
 * link (`<https://evil.example|Open the thread>`). Escaped, it shows exactly as typed. `*`, `_` and
 * `~` are left alone: they can only style text, and Slack offers no escape for them.
 *
 * Plain-text objects (plain_text inputs' `initial_value`, option labels, titles) are shown literally
 * by Slack and take user text raw: escaping them would show `&lt;` to the reader.
 */
export function userText(text: string, max?: number): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (max === undefined || escaped.length <= max) return escaped;
  // A cut inside an entity would show its first letters ("&am…"): cut before the entity instead.
  return truncate(escaped, max).replace(/&[a-z]*…$/, ELLIPSIS);
}

/** Slack renders <!date^…> in each reader's own time zone; the fallback is shown where it cannot. */
export function slackDate(epochMs: number, format = "{date_short_pretty} {time}"): string {
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^${format}|${new Date(epochMs).toISOString()}>`;
}

export const mention = (userId: string): string => `<@${userId}>`;
export const channelLink = (channelId: string): string => `<#${channelId}>`;

/**
 * A ticket reference as typed, a link into the playbook's ticketing system when it gives a link
 * template and the reference looks like one: `<https://acme.zendesk.com/agent/tickets/123|#123>`.
 * The reference is percent-encoded in the link and escaped in its label, so neither part can end
 * the link early or form a mention; anything else stays plain, escaped text.
 */
export function ticketText(ticketing: TicketingSpec | undefined, ref: string, max?: number): string {
  const url = ticketUrl(ticketing, ref);
  const label = userText(ref);
  const link = url === undefined ? undefined : `<${userText(url)}|${label}>`;
  if (link !== undefined && (max === undefined || link.length <= max)) return link;
  return userText(ref, max);
}
