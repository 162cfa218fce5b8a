/**
 * Block Kit (message and modal surfaces) to HTML. Pure and defensive: blocks are untyped JSON,
 * a block that cannot be rendered shows as a visible notice and nothing here throws.
 *
 * CSS classes used (here and in the modules this file uses):
 *   blocks:      bk-block, bk-header, bk-section, bk-section-body, bk-section-text, bk-fields, bk-field,
 *                bk-accessory, bk-context, bk-context-text, bk-context-image, bk-divider, bk-image,
 *                bk-image-title, bk-image-img, bk-image-alt, bk-actions, bk-rich-text, bk-unsupported
 *   input:       bk-input-block, bk-has-error, bk-label, bk-optional, bk-hint, bk-error
 *   elements:    bk-button, bk-primary, bk-danger, bk-select, bk-overflow, bk-radio-buttons, bk-checkboxes,
 *                bk-option, bk-option-text, bk-option-description, bk-datepicker, bk-timepicker,
 *                bk-text-input, bk-image-element
 *   text:        bk-mention, bk-special, bk-group, bk-channel, bk-link, bk-date, bk-ago (a date's {ago},
 *                counted on by the page), bk-code, bk-pre, bk-quote, bk-list, bk-emoji (an emoji the page
 *                ships as an image)
 *   rich_text:   bk-rt-section, bk-rt-list, bk-indent-0 … bk-indent-8 (plus bk-quote, bk-pre, bk-code)
 *   attachments: bk-attachment, bk-attachment-pretext, bk-attachment-body, bk-attachment-author,
 *                bk-attachment-title, bk-attachment-text, bk-attachment-image, bk-attachment-footer,
 *                bk-field-short, bk-field-title, bk-field-value
 */
import type { RenderContext } from "./context.js";
import { blockIdOf } from "../block-address.js";
import { imageElement, renderElement, type FieldNaming } from "./elements.js";
import { attr, escapeHtml, safeUrl } from "./html.js";
import { idScope, type IdScope } from "./ids.js";
import { int, isRecord, list, str, type Json } from "./json.js";
import { dateHtml, isRenderableEpoch, linkHtml } from "./mentions.js";
import { renderMrkdwn } from "./mrkdwn.js";
import { renderRichText } from "./rich-text.js";
import { renderTextObject } from "./text-object.js";

export interface RenderBlocksOptions {
  /** Input block errors (response_action: "errors"), keyed by block_id. */
  errors?: Record<string, string>;
  /**
   * Ids for the fields, labels, hints and errors: one scope per surface the page shows (a message,
   * a modal), each with its own prefix, so ids are unique on the page. "bk-1", "bk-2"… otherwise.
   */
  ids?: IdScope;
}

export const unsupportedBlock = (type: string): string =>
  `<div class="bk-unsupported">unsupported block: ${escapeHtml(type)}</div>`;

interface BlockPlace {
  blockId: string;
  ctx: RenderContext;
  errors: Record<string, string>;
  ids: IdScope;
}

/** Renders one kind of block, or gives undefined when the block is malformed. */
type BlockRenderer = (block: Json, p: BlockPlace) => string | undefined;

const open = (cls: string, p: BlockPlace): string => `<div class="bk-block ${cls}"${attr("data-block-id", p.blockId)}>`;

const header: BlockRenderer = (block, p) => {
  if (!isRecord(block.text) || block.text.type !== "plain_text") return undefined;
  const text = renderTextObject(block.text, p.ctx);
  return text === undefined ? undefined : `${open("bk-header", p)}${text}</div>`;
};

const isGroup = (el: unknown): boolean => isRecord(el) && (el.type === "radio_buttons" || el.type === "checkboxes");

const section: BlockRenderer = (block, p) => {
  const text = renderTextObject(block.text, p.ctx);
  // A radio or checkbox group beside the text is named by it (a checklist by its heading).
  const textId = text !== undefined && isGroup(block.accessory) ? p.ids.next() : undefined;
  const fields = list(block.fields).flatMap((f) => {
    const html = renderTextObject(f, p.ctx);
    return html === undefined ? [] : [`<div class="bk-field">${html}</div>`];
  });
  if (text === undefined && fields.length === 0) return undefined;
  const body =
    (text === undefined ? "" : `<div class="bk-section-text"${attr("id", textId)}>${text}</div>`) +
    (fields.length === 0 ? "" : `<div class="bk-fields">${fields.join("")}</div>`);
  const accessory = isRecord(block.accessory)
    ? `<div class="bk-accessory">${renderElement(block.accessory, { blockId: p.blockId, index: 0, ctx: p.ctx, ...(textId === undefined ? {} : { labelledBy: textId }) })}</div>`
    : "";
  return `${open("bk-section", p)}<div class="bk-section-body">${body}</div>${accessory}</div>`;
};

const context: BlockRenderer = (block, p) => {
  if (!Array.isArray(block.elements)) return undefined;
  const parts = block.elements.map((el: unknown) => {
    if (isRecord(el) && el.type === "image") return imageElement(el, "bk-context-image");
    const text = renderTextObject(el, p.ctx);
    if (text !== undefined) return `<span class="bk-context-text">${text}</span>`;
    const type = isRecord(el) ? (str(el.type) ?? "unknown") : "unknown";
    return `<span class="bk-unsupported">unsupported element: ${escapeHtml(type)}</span>`;
  });
  return `${open("bk-context", p)}${parts.join("")}</div>`;
};

const divider: BlockRenderer = (_block, p) => `<hr class="bk-block bk-divider"${attr("data-block-id", p.blockId)}>`;

const image: BlockRenderer = (block, p) => {
  const alt = str(block.alt_text);
  const src = safeUrl(str(block.image_url) ?? "");
  if (alt === undefined && src === undefined) return undefined;
  const title = renderTextObject(block.title, p.ctx);
  const titleHtml = title === undefined ? "" : `<div class="bk-image-title">${title}</div>`;
  const img =
    src === undefined
      ? `<span class="bk-image-alt">${escapeHtml(alt ?? "")}</span>`
      : `<img class="bk-image-img"${attr("src", src)}${attr("alt", alt ?? "")}>`;
  return `${open("bk-image", p)}${titleHtml}${img}</div>`;
};

const actions: BlockRenderer = (block, p) => {
  if (!Array.isArray(block.elements)) return undefined;
  const elements = block.elements.map((el: unknown, index) => renderElement(el, { blockId: p.blockId, index, ctx: p.ctx }));
  return `${open("bk-actions", p)}${elements.join("")}</div>`;
};

/**
 * Label, element, hint and error, tied together: the label names the field (`<label for>`, or
 * aria-labelledby for a radio or checkbox group), the hint and the error describe it, and a field
 * with an error says it is invalid. The page ties errors it shows later the same way, by these ids.
 */
const input: BlockRenderer = (block, p) => {
  const label = renderTextObject(block.label, p.ctx);
  if (label === undefined || !isRecord(block.element)) return undefined;
  const optional = block.optional === true;
  const error = Object.hasOwn(p.errors, p.blockId) ? p.errors[p.blockId] : undefined;
  const hint = renderTextObject(block.hint, p.ctx);
  const id = p.ids.next();
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(" ");
  const field: FieldNaming = { id, labelId: `${id}-label`, ...(describedBy === "" ? {} : { describedBy }), invalid: error !== undefined, required: !optional };
  const labelText = `${label}${optional ? '<span class="bk-optional"> (optional)</span>' : ""}`;
  return (
    `<div class="bk-block bk-input-block${error === undefined ? "" : " bk-has-error"}"${attr("data-block-id", p.blockId)}` +
    `${attr("data-optional", String(optional))}${attr("data-dispatch-action", String(block.dispatch_action === true))}>` +
    (isGroup(block.element) ? `<div class="bk-label"${attr("id", field.labelId)}>${labelText}</div>` : `<label class="bk-label"${attr("for", id)}>${labelText}</label>`) +
    renderElement(block.element, { blockId: p.blockId, index: 0, ctx: p.ctx, field }) +
    (hint === undefined ? "" : `<div class="bk-hint"${attr("id", hintId)}>${hint}</div>`) +
    (error === undefined ? "" : `<div class="bk-error"${attr("id", errorId)} role="alert">${escapeHtml(error)}</div>`) +
    "</div>"
  );
};

const richText: BlockRenderer = (block, p) =>
  Array.isArray(block.elements) ? `${open("bk-rich-text", p)}${renderRichText(block.elements, p.ctx)}</div>` : undefined;

// file, video and anything else fall through to the unsupported notice.
const RENDERERS: Record<string, BlockRenderer> = {
  header,
  section,
  context,
  divider,
  image,
  actions,
  input,
  rich_text: richText,
};

function renderBlock(block: unknown, index: number, ctx: RenderContext, errors: Record<string, string>, ids: IdScope): string {
  const type = isRecord(block) ? str(block.type) : undefined;
  if (!isRecord(block) || type === undefined) return unsupportedBlock(block === null ? "null" : isRecord(block) ? "unknown" : typeof block);
  const render = Object.hasOwn(RENDERERS, type) ? RENDERERS[type] : undefined;
  try {
    return render?.(block, { blockId: blockIdOf(block, index), ctx, errors, ids }) ?? unsupportedBlock(type);
  } catch {
    // Block JSON can be arbitrarily odd (getters, cycles, huge values); one bad block must not hide the rest.
    return unsupportedBlock(type);
  }
}

/** A message's or a modal's blocks; `opts.errors` puts input errors under their input blocks. */
export function renderBlocks(blocks: unknown, ctx: RenderContext, opts?: RenderBlocksOptions): string {
  if (blocks === undefined || blocks === null) return "";
  if (!Array.isArray(blocks)) return unsupportedBlock(typeof blocks);
  const errors = opts?.errors ?? {};
  const ids = opts?.ids ?? idScope("bk");
  return blocks.map((block: unknown, index) => renderBlock(block, index, ctx, errors, ids)).join("");
}

const NAMED_COLOURS: Record<string, string> = { good: "#2eb886", warning: "#daa038", danger: "#a30200" };

/** Only a named colour or a hex colour reaches the style attribute; anything else gets no bar colour. */
function colourStyle(colour: unknown): string {
  const c = str(colour)?.trim().toLowerCase() ?? "";
  const hex = Object.hasOwn(NAMED_COLOURS, c) ? NAMED_COLOURS[c] : /^#?[0-9a-f]{6}$|^#?[0-9a-f]{3}$/.test(c) ? `#${c.replace(/^#/, "")}` : undefined;
  return hex === undefined ? "" : ` style="border-left-color: ${hex}"`;
}

function attachmentField(field: Json, ctx: RenderContext): string {
  const title = str(field.title);
  const value = str(field.value);
  return (
    `<div class="bk-field${field.short === true ? " bk-field-short" : ""}">` +
    (title === undefined ? "" : `<div class="bk-field-title">${escapeHtml(title)}</div>`) +
    (value === undefined ? "" : `<div class="bk-field-value">${renderMrkdwn(value, ctx)}</div>`) +
    "</div>"
  );
}

/** One legacy attachment: colour bar, pretext, author, title, text, fields, blocks, image, footer. */
function renderAttachment(a: Json, ctx: RenderContext, ids: IdScope): string {
  const pretext = str(a.pretext);
  const author = str(a.author_name);
  const title = str(a.title);
  const text = str(a.text);
  const fields = list(a.fields).filter(isRecord);
  const imageUrl = safeUrl(str(a.image_url) ?? "");
  const footer = str(a.footer);
  const ts = int(typeof a.ts === "string" ? a.ts.split(".")[0] : a.ts);
  const parts: string[] = [];
  if (author !== undefined) parts.push(`<div class="bk-attachment-author">${escapeHtml(author)}</div>`);
  if (title !== undefined) {
    const link = str(a.title_link);
    const inner = escapeHtml(title);
    parts.push(`<div class="bk-attachment-title">${link === undefined ? inner : linkHtml(link, inner)}</div>`);
  }
  if (text !== undefined) parts.push(`<div class="bk-attachment-text">${renderMrkdwn(text, ctx)}</div>`);
  if (fields.length > 0) parts.push(`<div class="bk-fields">${fields.map((f) => attachmentField(f, ctx)).join("")}</div>`);
  if (Array.isArray(a.blocks)) parts.push(renderBlocks(a.blocks, ctx, { ids }));
  if (imageUrl !== undefined) parts.push(`<img class="bk-attachment-image"${attr("src", imageUrl)}${attr("alt", str(a.fallback) ?? "")}>`);
  const stamp = ts !== undefined && isRenderableEpoch(ts) ? dateHtml(ts, "{date_short_pretty} at {time}", ctx) : undefined;
  if (footer !== undefined || stamp !== undefined) {
    const footerParts = [footer === undefined ? undefined : escapeHtml(footer), stamp].filter((x) => x !== undefined);
    parts.push(`<div class="bk-attachment-footer">${footerParts.join(" · ")}</div>`);
  }
  // An attachment with nothing else shows its fallback, as old clients did.
  const fallback = str(a.fallback);
  if (parts.length === 0 && fallback !== undefined) parts.push(`<div class="bk-attachment-text">${escapeHtml(fallback)}</div>`);
  return (
    `<div class="bk-attachment">` +
    (pretext === undefined ? "" : `<div class="bk-attachment-pretext">${renderMrkdwn(pretext, ctx)}</div>`) +
    `<div class="bk-attachment-body"${colourStyle(a.color)}>${parts.join("")}</div></div>`
  );
}

/**
 * Legacy message attachments, minimally. Blocks inside an attachment get `b<index>` ids within
 * that attachment's own list, so they can collide with the message's; avoid interactive ones there.
 * Element ids come from `opts.ids`, which the message's blocks should share so none repeats.
 */
export function renderAttachments(attachments: unknown, ctx: RenderContext, opts?: { ids?: IdScope }): string {
  if (attachments === undefined || attachments === null) return "";
  if (!Array.isArray(attachments)) return unsupportedBlock("attachments");
  const ids = opts?.ids ?? idScope("bk-att");
  return attachments
    .map((a: unknown) => {
      if (!isRecord(a)) return unsupportedBlock("attachment");
      try {
        return renderAttachment(a, ctx, ids);
      } catch {
        return unsupportedBlock("attachment");
      }
    })
    .join("");
}
