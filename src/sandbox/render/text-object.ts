import type { RenderContext } from "./context.js";
import { emojiText } from "./emoji.js";
import { escapeHtml } from "./html.js";
import { isRecord, str } from "./json.js";
import { decodeEntities, renderMrkdwn, renderPlainText } from "./mrkdwn.js";

/** HTML of a `{type:"mrkdwn"|"plain_text", text}` object, or undefined when it is not one. */
export function renderTextObject(obj: unknown, ctx: RenderContext): string | undefined {
  if (!isRecord(obj)) return undefined;
  const text = str(obj.text);
  if (text === undefined) return undefined;
  if (obj.type === "mrkdwn") return renderMrkdwn(text, ctx);
  if (obj.type === "plain_text") return renderPlainText(text, ctx, { emoji: obj.emoji !== false });
  return undefined;
}

/** The raw text of a text object (or a bare string), "" otherwise; for JSON payloads like data-confirm. */
export function rawText(obj: unknown): string {
  return typeof obj === "string" ? obj : isRecord(obj) ? (str(obj.text) ?? "") : "";
}

/**
 * Single-line text for places that cannot hold markup (attributes, `<option>`): entities
 * decoded, emoji converted unless turned off (those the page ships as images left out, see
 * emojiText), newlines as spaces. Unescaped: pass it through attr() or escapeHtml(). Undefined
 * when `obj` is not a text object.
 */
export function flatText(obj: unknown): string | undefined {
  if (!isRecord(obj) || str(obj.text) === undefined) return undefined;
  const text = decodeEntities(rawText(obj));
  return emojiText(text, { shortcodes: obj.emoji !== false }).replace(/\s*\n\s*/g, " ");
}

/** flatText, escaped for element content; "" when not a text object. */
export const inlineText = (obj: unknown): string => escapeHtml(flatText(obj) ?? "");
