import type { RenderContext } from "./context.js";
import { attr, escapeHtml, safeUrl } from "./html.js";
import { ago, formatSlackDate } from "./slack-date.js";

/** The pieces mrkdwn control sequences and rich_text elements share, so both render the same HTML. */

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === "" ? undefined : s);

export const userText = (ctx: RenderContext, id: string, label?: string): string =>
  `@${ctx.userName(id) ?? nonEmpty(label) ?? id}`;

export const channelText = (ctx: RenderContext, id: string, label?: string): string =>
  `#${ctx.channelName(id) ?? nonEmpty(label) ?? id}`;

export const usergroupText = (ctx: RenderContext, id: string, label?: string): string =>
  `@${(ctx.usergroupHandle(id) ?? nonEmpty(label) ?? id).replace(/^@+/, "")}`;

export const userMention = (id: string, text: string): string =>
  `<span class="bk-mention"${attr("data-user-id", id)}>${escapeHtml(text)}</span>`;

export const channelMention = (id: string, text: string): string =>
  `<a class="bk-channel" href="#"${attr("data-channel-id", id)}>${escapeHtml(text)}</a>`;

export const usergroupMention = (text: string): string => `<span class="bk-mention bk-group">${escapeHtml(text)}</span>`;

const BROADCASTS = new Set(["here", "channel", "everyone"]);

export const isBroadcast = (range: string): boolean => BROADCASTS.has(range);

/** @here / @channel / @everyone; callers check isBroadcast first so the range is one of ours. */
export const broadcastMention = (range: string): string =>
  `<span class="bk-mention bk-special">@${escapeHtml(range)}</span>`;

const LINK_ATTRS = ' target="_blank" rel="noopener noreferrer"';

/** A link when the URL is safe, otherwise the same content as plain (already escaped) HTML. */
export function linkHtml(url: string, innerHtml: string): string {
  const href = safeUrl(url);
  return href === undefined ? innerHtml : `<a class="bk-link"${attr("href", href)}${LINK_ATTRS}>${innerHtml}</a>`;
}

/** `new Date` throws past ±8.64e15 ms, so only plausible instants are formatted. */
export function isRenderableEpoch(seconds: number): boolean {
  return Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12;
}

/**
 * `<time>` for a Slack date, linked when a safe link is given. Each `{ago}` ("3 minutes ago") is a
 * `bk-ago` span carrying its instant, which the page counts on as the sandbox's clock runs.
 */
export function dateHtml(seconds: number, format: string, ctx: RenderContext, link?: string): string {
  const agoHtml = `<span class="bk-ago"${attr("data-ago", String(seconds * 1000))}>${escapeHtml(ago(seconds * 1000, ctx.now))}</span>`;
  const text = format
    .split("{ago}")
    .map((part) => escapeHtml(formatSlackDate(seconds, part, ctx)))
    .join(agoHtml);
  const time = `<time class="bk-date"${attr("datetime", new Date(seconds * 1000).toISOString())}>${text}</time>`;
  return link === undefined ? time : linkHtml(link, time);
}
