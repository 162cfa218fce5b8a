import { type Fields, type Json, Problems, charCount, checkArray, checkFields, checkText, isObject, say } from "./block-kit-check.js";
import { checkContextElement, checkElement } from "./block-kit-elements.js";
import { BLOCK_SURFACES, ELEMENTS_IN, LIMITS, type Surface } from "./block-kit-limits.js";

export type { Surface } from "./block-kit-limits.js";

interface BlockRule {
  fields: Fields;
  check?: (p: Problems, block: Json, path: string) => void;
}

const elementIn =
  (allowed: readonly string[]) =>
  (p: Problems, value: unknown, path: string): void =>
    checkElement(p, value, path, allowed);

function mustBeObject(p: Problems, value: unknown, path: string): void {
  if (!isObject(value)) p.add(path, say.object);
}

function sectionRule(p: Problems, block: Json, path: string): void {
  if (block.text === undefined && block.fields === undefined) p.add(path, say.missing("text"));
}

function imageRule(p: Problems, block: Json, path: string): void {
  if (block.image_url === undefined && block.slack_file === undefined) p.add(path, say.missing("image_url"));
}

function actionsRule(p: Problems, block: Json, path: string): void {
  if (!Array.isArray(block.elements)) return;
  const seen = new Set<string>();
  block.elements.forEach((el, i) => {
    if (!isObject(el) || typeof el.action_id !== "string") return;
    if (seen.has(el.action_id)) p.add(`${path}/elements/${i}/action_id`, say.duplicate("action_id", el.action_id));
    seen.add(el.action_id);
  });
}

function inputRule(p: Problems, block: Json, path: string): void {
  // The input block reference: dispatch_action with a file_input raises an unsupported type error.
  if (block.dispatch_action === true && isObject(block.element) && block.element.type === "file_input") {
    p.add(`${path}/element/type`, say.unsupported("file_input"));
  }
}

const S = LIMITS.section;
/** Field rules of every block we check closely; blocks listed in BLOCK_SURFACES but not here are accepted as they are. */
const BLOCK_RULES: Readonly<Record<string, BlockRule>> = {
  section: {
    fields: {
      text: { kind: "text", max: S.text },
      fields: { kind: "array", min: 1, max: S.fields, each: (p, v, at) => checkText(p, v, at, S.field, false) },
      accessory: { kind: "custom", check: elementIn(ELEMENTS_IN.sectionAccessory) },
      expand: { kind: "boolean" },
    },
    check: sectionRule,
  },
  header: { fields: { text: { kind: "text", required: true, plain: true, max: LIMITS.header.text } } },
  context: {
    fields: { elements: { kind: "array", required: true, min: 1, max: LIMITS.context.elements, each: checkContextElement } },
  },
  divider: { fields: {} },
  image: {
    fields: {
      image_url: { kind: "string", max: LIMITS.image.url },
      slack_file: { kind: "object" },
      alt_text: { kind: "string", required: true, max: LIMITS.image.altText },
      title: { kind: "text", plain: true, max: LIMITS.image.title },
    },
    check: imageRule,
  },
  actions: {
    fields: {
      elements: { kind: "array", required: true, min: 1, max: LIMITS.actions.elements, each: elementIn(ELEMENTS_IN.actions) },
    },
    check: actionsRule,
  },
  input: {
    fields: {
      label: { kind: "text", required: true, plain: true, max: LIMITS.input.label },
      hint: { kind: "text", plain: true, max: LIMITS.input.hint },
      element: { kind: "custom", required: true, check: elementIn(ELEMENTS_IN.input) },
      optional: { kind: "boolean" },
      dispatch_action: { kind: "boolean" },
    },
    check: inputRule,
  },
  rich_text: { fields: { elements: { kind: "array", required: true, each: mustBeObject } } },
  file: { fields: { external_id: { kind: "string", required: true }, source: { kind: "string", required: true } } },
  video: {
    fields: {
      alt_text: { kind: "string", required: true },
      title: { kind: "text", required: true, plain: true, max: LIMITS.video.title },
      video_url: { kind: "string", required: true },
      thumbnail_url: { kind: "string", required: true },
      title_url: { kind: "string" },
      author_name: { kind: "string", max: LIMITS.video.authorName },
      provider_name: { kind: "string" },
      provider_icon_url: { kind: "string" },
      description: { kind: "text", plain: true, max: LIMITS.text },
    },
  },
  markdown: { fields: { text: { kind: "string", required: true, min: 1, max: LIMITS.markdown.text } } },
  table: {
    fields: {
      rows: { kind: "array", required: true, max: LIMITS.table.rows },
      column_settings: { kind: "array", max: LIMITS.table.columns },
    },
  },
  context_actions: { fields: { elements: { kind: "array", required: true, max: LIMITS.contextActions.elements } } },
};

/**
 * Keys that belong to some checked block but not to this one (`elements` on a section, `text` on a divider) are
 * refused, as Slack's schemas allow no additional properties. Keys we have never seen are let through: refusing
 * something Slack accepts would hide real behaviour.
 */
const KNOWN_BLOCK_KEYS = new Set(Object.values(BLOCK_RULES).flatMap((rule) => Object.keys(rule.fields)));

function checkBlock(p: Problems, block: unknown, path: string, surface: Surface): void {
  if (!isObject(block)) return p.add(path, say.object);
  if (block.type === undefined) return p.add(path, say.missing("type"));
  if (typeof block.type !== "string") return p.add(`${path}/type`, say.string);
  const surfaces = BLOCK_SURFACES[block.type];
  if (!surfaces || !surfaces.includes(surface)) return p.add(`${path}/type`, say.unsupported(block.type));
  checkFields(p, block, path, { block_id: { kind: "string", min: 1, max: LIMITS.blockId } });
  const rule = BLOCK_RULES[block.type];
  if (!rule) return;
  for (const key of Object.keys(block)) {
    if (KNOWN_BLOCK_KEYS.has(key) && !(key in rule.fields)) p.add(path, say.additional(key));
  }
  checkFields(p, block, path, rule.fields);
  rule.check?.(p, block, path);
}

function checkBlocks(p: Problems, blocks: unknown, path: string, surface: Surface): void {
  if (!Array.isArray(blocks)) return p.add(path, say.array);
  const max = LIMITS.blocks[surface];
  if (blocks.length > max) p.add(path, say.tooMany(max));
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(p, block, `${path}/${i}`, surface);
    if (!isObject(block) || typeof block.block_id !== "string") return;
    if (seen.has(block.block_id)) p.add(`${path}/${i}/block_id`, say.duplicate("block_id", block.block_id));
    seen.add(block.block_id);
  });
}

/** Problems with a blocks array, as Slack words them in `response_metadata.messages`. Empty when valid. */
export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const p = new Problems();
  checkBlocks(p, blocks, "/blocks", surface);
  return p.messages;
}

const V = LIMITS.view;
const VIEW_FIELDS: Fields = {
  type: { kind: "string", required: true, oneOf: ["modal", "home"] },
  blocks: { kind: "array", required: true },
  private_metadata: { kind: "string", max: V.privateMetadata },
  callback_id: { kind: "string", max: V.callbackId },
  external_id: { kind: "string", max: V.externalId },
  clear_on_close: { kind: "boolean" },
  notify_on_close: { kind: "boolean" },
  submit_disabled: { kind: "boolean" },
};
const MODAL_FIELDS: Fields = {
  title: { kind: "text", required: true, plain: true, max: V.title },
  submit: { kind: "text", plain: true, max: V.button },
  close: { kind: "text", plain: true, max: V.button },
};

/** Problems with a view passed to views.open/push/update/publish, pointed at `/view/...` as Slack does. */
export function validateView(view: unknown): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add("/view", say.object);
    return p.messages;
  }
  checkFields(p, view, "/view", VIEW_FIELDS);
  if (view.type === "modal") {
    checkFields(p, view, "/view", MODAL_FIELDS);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) p.add("/view", say.missing("submit"));
  }
  // A missing or non-array `blocks` was reported with the view's own fields.
  if ((view.type === "modal" || view.type === "home") && Array.isArray(view.blocks)) checkBlocks(p, view.blocks, "/view/blocks", view.type);
  return p.messages;
}

export type MessageArgsError = {
  error: "invalid_blocks" | "no_text" | "msg_too_long" | "invalid_attachments";
  messages: string[];
};

/** Form-encoded calls carry blocks and attachments as JSON text; "" is how a form leaves them out. */
function decodeJsonArg(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value === "") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** chat.postMessage / chat.update arguments: what Slack refuses before looking at anything else. */
export function validateMessageArgs(args: { text?: unknown; blocks?: unknown; attachments?: unknown }): MessageArgsError | undefined {
  const blocks = decodeJsonArg(args.blocks);
  const attachments = decodeJsonArg(args.attachments);
  if (typeof args.text === "string" && charCount(args.text) > LIMITS.message.text) return { error: "msg_too_long", messages: [] };
  if (attachments !== undefined && attachments !== null) {
    const p = new Problems();
    checkArray(p, attachments, "/attachments", undefined, LIMITS.message.attachments, (q, a, at) => {
      if (!isObject(a)) return q.add(at, say.object);
      if (a.blocks !== undefined) checkBlocks(q, a.blocks, `${at}/blocks`, "message");
    });
    if (p.messages.length > 0) return { error: "invalid_attachments", messages: p.messages };
  }
  if (blocks !== undefined && blocks !== null) {
    const messages = validateBlocks(blocks, "message");
    if (messages.length > 0) return { error: "invalid_blocks", messages };
  }
  if (isEmpty(args.text) && isEmpty(blocks) && isEmpty(attachments)) return { error: "no_text", messages: [] };
  return undefined;
}
