import type { RenderContext } from "./context.js";
import { emojiFor, emojiHtml } from "./emoji.js";
import { attr, escapeHtml } from "./html.js";
import { int, isRecord, records, str, type Json } from "./json.js";
import {
  broadcastMention,
  channelMention,
  channelText,
  dateHtml,
  isBroadcast,
  isRenderableEpoch,
  linkHtml,
  userMention,
  userText,
  usergroupMention,
  usergroupText,
} from "./mentions.js";

/**
 * Rich text is literal (no entities, no mrkdwn, no shortcodes); only newlines need turning into
 * markup, and emoji the page ships into its images (outside preformatted runs).
 */
const textHtml = (text: string, inPre: boolean): string =>
  inPre ? escapeHtml(text) : emojiHtml(text, { shortcodes: false }).replace(/\n/g, "<br>");

/** bold/italic/strike/code wrappers, innermost first so the nesting is always balanced. */
function styled(html: string, style: unknown, inPre: boolean): string {
  if (!isRecord(style) || inPre) return html;
  let out = html;
  if (style.code === true) out = `<code class="bk-code">${out}</code>`;
  if (style.strike === true) out = `<s>${out}</s>`;
  if (style.italic === true) out = `<i>${out}</i>`;
  if (style.bold === true) out = `<b>${out}</b>`;
  return out;
}

/** `unicode` is hex code points joined by "-" (e.g. "1f44d-1f3fb"). */
function fromUnicodeHex(hex: string | undefined): string | undefined {
  if (hex === undefined || !/^[0-9a-f]{1,6}(-[0-9a-f]{1,6})*$/i.test(hex)) return undefined;
  const points = hex.split("-").map((h) => parseInt(h, 16));
  return points.every((cp) => cp <= 0x10ffff) ? String.fromCodePoint(...points) : undefined;
}

function inlineElement(el: Json, ctx: RenderContext, inPre: boolean): string {
  switch (el.type) {
    case "text":
      return styled(textHtml(str(el.text) ?? "", inPre), el.style, inPre);
    case "link": {
      const url = str(el.url) ?? "";
      const label = textHtml(str(el.text) || url, inPre);
      return styled(inPre ? label : linkHtml(url, label), el.style, inPre);
    }
    case "user": {
      const id = str(el.user_id) ?? "";
      return styled(inPre ? escapeHtml(userText(ctx, id)) : userMention(id, userText(ctx, id)), el.style, inPre);
    }
    case "channel": {
      const id = str(el.channel_id) ?? "";
      return styled(inPre ? escapeHtml(channelText(ctx, id)) : channelMention(id, channelText(ctx, id)), el.style, inPre);
    }
    case "usergroup": {
      const text = usergroupText(ctx, str(el.usergroup_id) ?? "");
      return styled(inPre ? escapeHtml(text) : usergroupMention(text), el.style, inPre);
    }
    case "broadcast": {
      const range = str(el.range) ?? "";
      if (!isBroadcast(range)) return "";
      return styled(inPre ? `@${range}` : broadcastMention(range), el.style, inPre);
    }
    case "emoji": {
      const name = str(el.name) ?? "";
      // A known name is drawn as a shortcode would be (a shipped image, else its unicode).
      if (emojiFor(name) !== undefined) return emojiHtml(`:${name}:`);
      const unicode = fromUnicodeHex(str(el.unicode));
      return unicode === undefined ? escapeHtml(`:${name}:`) : emojiHtml(unicode, { shortcodes: false });
    }
    case "date": {
      const seconds = int(el.timestamp);
      if (seconds === undefined || !isRenderableEpoch(seconds)) return textHtml(str(el.fallback) ?? "", inPre);
      return dateHtml(seconds, str(el.format) ?? "{date_short} {time}", ctx, str(el.url));
    }
    case "color":
      return escapeHtml(str(el.value) ?? "");
    default:
      return `<span class="bk-unsupported">unsupported element: ${escapeHtml(str(el.type) ?? "unknown")}</span>`;
  }
}

const inline = (elements: unknown, ctx: RenderContext, inPre = false): string =>
  records(elements)
    .map((el) => inlineElement(el, ctx, inPre))
    .join("");

function list(el: Json, ctx: RenderContext): string {
  const tag = el.style === "ordered" ? "ol" : "ul";
  const offset = int(el.offset) ?? 0;
  const start = tag === "ol" && offset > 0 ? attr("start", offset + 1) : "";
  const indent = Math.min(Math.max(int(el.indent) ?? 0, 0), 8);
  const items = records(el.elements).map((item) => `<li>${inline(item.elements, ctx)}</li>`);
  return `<${tag} class="bk-rt-list bk-indent-${indent}"${start}>${items.join("")}</${tag}>`;
}

/** The `elements` of a rich_text block: sections, lists, quotes and preformatted runs. */
export function renderRichText(elements: unknown, ctx: RenderContext): string {
  return records(elements)
    .map((el) => {
      switch (el.type) {
        case "rich_text_section":
          return `<div class="bk-rt-section">${inline(el.elements, ctx)}</div>`;
        case "rich_text_list":
          return list(el, ctx);
        case "rich_text_quote":
          return `<blockquote class="bk-quote">${inline(el.elements, ctx)}</blockquote>`;
        case "rich_text_preformatted":
          return `<pre class="bk-pre">${inline(el.elements, ctx, true)}</pre>`;
        default:
          return `<div class="bk-unsupported">unsupported element: ${escapeHtml(str(el.type) ?? "unknown")}</div>`;
      }
    })
    .join("");
}
