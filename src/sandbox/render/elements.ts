import type { RenderContext } from "./context.js";
import { actionIdOf } from "../block-address.js";
import { attr, attrSingleQuoted, escapeHtml, flag, safeUrl } from "./html.js";
import { decimal, int, isRecord, list, records, str, type Json } from "./json.js";
import { decodeEntities } from "./mrkdwn.js";
import { flatText, inlineText, rawText, renderTextObject } from "./text-object.js";

/** Where an element sits, for its data attributes, form name and accessible name. */
export interface ElementPlace {
  blockId: string;
  /** Position among the block's elements; 0 for an accessory or an input block's element. */
  index: number;
  ctx: RenderContext;
  /** Set for an input block's element: how its label, hint and error are tied to it. */
  field?: FieldNaming;
  /** Elsewhere, the id of text that names a radio or checkbox group (a section's text, for its accessory). */
  labelledBy?: string;
}

/** How an input block's element is tied to its label, hint and error. */
export interface FieldNaming {
  /** The control's id, which its `<label for>` names (a radio or checkbox group's, for its error). */
  id: string;
  /** The label's id: a group is named by aria-labelledby, since `<label for>` cannot name one. */
  labelId: string;
  /** The hint's and the error's ids, space-separated; absent when there is neither. */
  describedBy?: string;
  invalid: boolean;
  required: boolean;
}

/**
 * A single control's accessible name: in an input block, its id (which the block's label points
 * at) with the hint and error as its description; elsewhere (actions, accessories), `name`.
 */
function naming(p: ElementPlace, name: string): string {
  const f = p.field;
  if (f === undefined) return attr("aria-label", name);
  return (
    attr("id", f.id) +
    attr("aria-describedby", f.describedBy) +
    (f.invalid ? ' aria-invalid="true"' : "") +
    (f.required ? ' aria-required="true"' : "")
  );
}

/** Radio buttons and checkboxes as a named group: by the input block's label, the section's text, or what they are for. */
function groupNaming(type: "radio_buttons" | "checkboxes", p: ElementPlace): string {
  const role = type === "radio_buttons" ? "radiogroup" : "group";
  const f = p.field;
  if (f === undefined) {
    const name = p.labelledBy === undefined ? attr("aria-label", type === "radio_buttons" ? "Choose one" : "Choose any") : attr("aria-labelledby", p.labelledBy);
    return ` role="${role}"${name}`;
  }
  // aria-required belongs to a radio group; a checkbox group has no such state.
  const required = f.required && role === "radiogroup" ? ' aria-required="true"' : "";
  return ` role="${role}"${attr("id", f.id)}${attr("aria-labelledby", f.labelId)}${attr("aria-describedby", f.describedBy)}${required}`;
}

export const unsupportedElement = (type: string): string =>
  `<span class="bk-unsupported">unsupported element: ${escapeHtml(type)}</span>`;

/** data-bk / data-action-id / data-block-id: what the browser script sends back on interaction. */
function dataIds(type: string, el: Json, p: ElementPlace): string {
  return attr("data-bk", type) + attr("data-action-id", actionIdOf(el, p.index)) + attr("data-block-id", p.blockId);
}

/** Form controls are named `<block_id>/<action_id>`, mirroring view.state.values[block_id][action_id]. */
const controlName = (el: Json, p: ElementPlace): string => attr("name", `${p.blockId}/${actionIdOf(el, p.index)}`);

/**
 * The confirm dialog as flat strings (the text objects' text with Slack's &amp; &lt; &gt;
 * decoded, no markup); the browser shows it as text before sending the action.
 */
function confirmAttr(el: Json): string {
  const c = el.confirm;
  if (!isRecord(c)) return "";
  const flat = (obj: unknown) => decodeEntities(rawText(obj));
  const payload: Record<string, string> = {
    title: flat(c.title),
    text: flat(c.text),
    confirm: flat(c.confirm),
    deny: flat(c.deny),
  };
  if (c.style === "primary" || c.style === "danger") payload.style = c.style;
  return attrSingleQuoted("data-confirm", JSON.stringify(payload));
}

/**
 * A button; one with a (safe) URL is a link, as in Slack: it opens its address in a new tab, is
 * announced as a link named by its label, and its click is still reported to the app.
 */
function button(el: Json, p: ElementPlace): string {
  const style = el.style === "primary" ? " bk-primary" : el.style === "danger" ? " bk-danger" : "";
  const url = safeUrl(str(el.url) ?? "");
  const label = renderTextObject(el.text, p.ctx) ?? "";
  const data = `${dataIds("button", el, p)}${attr("data-value", str(el.value))}${attr("data-url", url)}${confirmAttr(el)}`;
  if (url !== undefined) return `<a class="bk-button bk-link-button${style}"${attr("href", url)} target="_blank" rel="noopener noreferrer"${data}>${label}</a>`;
  return `<button type="button" class="bk-button${style}"${data}>${label}</button>`;
}

export function imageElement(el: Json, className: string): string {
  const src = safeUrl(str(el.image_url) ?? "");
  const alt = str(el.alt_text) ?? "";
  return src === undefined
    ? `<span class="bk-image-alt">${escapeHtml(alt)}</span>`
    : `<img class="${className}"${attr("src", src)}${attr("alt", alt)}>`;
}

interface Choice {
  value: string;
  /** Escaped label text. */
  label: string;
}

interface ChoiceGroup {
  /** Unescaped optgroup label; absent for options outside any group. */
  label?: string;
  choices: Choice[];
}

function optionChoices(options: unknown): Choice[] {
  return records(options).flatMap((o) => {
    const value = str(o.value);
    return value === undefined ? [] : [{ value, label: inlineText(o.text) }];
  });
}

type Source = "static" | "external" | "users" | "conversations" | "channels" | "overflow";

interface SelectKind {
  source: Source;
  multiple: boolean;
}

const SELECT_KINDS: Record<string, SelectKind> = {
  static_select: { source: "static", multiple: false },
  multi_static_select: { source: "static", multiple: true },
  external_select: { source: "external", multiple: false },
  multi_external_select: { source: "external", multiple: true },
  users_select: { source: "users", multiple: false },
  multi_users_select: { source: "users", multiple: true },
  conversations_select: { source: "conversations", multiple: false },
  multi_conversations_select: { source: "conversations", multiple: true },
  channels_select: { source: "channels", multiple: false },
  multi_channels_select: { source: "channels", multiple: true },
  overflow: { source: "overflow", multiple: false },
};

const DEFAULT_PLACEHOLDER: Record<Source, string> = {
  static: "Select an option",
  external: "Select an option",
  users: "Select a user",
  conversations: "Select a conversation",
  channels: "Select a channel",
  overflow: "⋯",
};

/** Values the element starts with, from whichever initial_* field its kind uses. */
function initialValues(el: Json, source: Source): string[] {
  const one = (key: string): string[] => {
    const v = el[key];
    return typeof v === "string" ? [v] : [];
  };
  const many = (key: string): string[] => list(el[key]).filter((v): v is string => typeof v === "string");
  switch (source) {
    case "users":
      return [...one("initial_user"), ...many("initial_users")];
    case "conversations":
      return [...one("initial_conversation"), ...many("initial_conversations")];
    case "channels":
      return [...one("initial_channel"), ...many("initial_channels")];
    default:
      return [el.initial_option, ...list(el.initial_options)].flatMap((o) => {
        const value = isRecord(o) ? str(o.value) : undefined;
        return value === undefined ? [] : [value];
      });
  }
}

/** Directory entries, plus any initial id the directory lacks so it can still show as chosen. */
function directoryChoices(entries: readonly { id: string; name: string }[], initial: string[], prefix: string, nameOf: (id: string) => string | undefined): Choice[] {
  const known = new Set(entries.map((e) => e.id));
  const missing = initial.filter((id) => !known.has(id)).map((id) => ({ id, name: nameOf(id) ?? id }));
  return [...entries, ...missing].map((e) => ({ value: e.id, label: escapeHtml(prefix + e.name) }));
}

function choiceGroups(el: Json, source: Source, initial: string[], ctx: RenderContext): ChoiceGroup[] {
  switch (source) {
    case "users":
      return [{ choices: directoryChoices(ctx.users, initial, "", (id) => ctx.userName(id)) }];
    case "conversations":
    case "channels":
      return [{ choices: directoryChoices(ctx.channels, initial, "#", (id) => ctx.channelName(id)) }];
    case "external":
      // Options come from the app at type-ahead time; only the initial ones are known here.
      return [{ choices: optionChoices([el.initial_option, ...list(el.initial_options)]) }];
    default: {
      const groups = records(el.option_groups);
      if (groups.length === 0) return [{ choices: optionChoices(el.options) }];
      return groups.map((g) => ({ label: flatText(g.label) ?? "", choices: optionChoices(g.options) }));
    }
  }
}

function select(type: string, kind: SelectKind, el: Json, p: ElementPlace): string {
  const initial = initialValues(el, kind.source);
  const chosen = new Set(initial);
  const option = (c: Choice) => `<option${attr("value", c.value)}${flag("selected", chosen.has(c.value))}>${c.label}</option>`;
  const body = choiceGroups(el, kind.source, initial, p.ctx)
    .map((g) => {
      const options = g.choices.map(option).join("");
      return g.label === undefined ? options : `<optgroup${attr("label", g.label)}>${options}</optgroup>`;
    })
    .join("");
  const placeholderText = kind.source === "overflow" ? "⋯" : (flatText(el.placeholder) ?? DEFAULT_PLACEHOLDER[kind.source]);
  const placeholder = kind.multiple ? "" : `<option value="">${escapeHtml(placeholderText)}</option>`;
  // An overflow menu's "⋯" says nothing to a screen reader; Slack calls it "More actions".
  const name = kind.source === "overflow" ? "More actions" : placeholderText;
  return (
    `<select class="bk-select${kind.source === "overflow" ? " bk-overflow" : ""}"${dataIds(type, el, p)}` +
    `${controlName(el, p)}${naming(p, name)}${flag("multiple", kind.multiple)}${confirmAttr(el)}>${placeholder}${body}</select>`
  );
}

function choiceList(type: "radio_buttons" | "checkboxes", el: Json, p: ElementPlace): string {
  const inputType = type === "radio_buttons" ? "radio" : "checkbox";
  const chosen = new Set(initialValues(el, "static"));
  const items = records(el.options).flatMap((o) => {
    const value = str(o.value);
    if (value === undefined) return [];
    const text = renderTextObject(o.text, p.ctx) ?? "";
    const description = renderTextObject(o.description, p.ctx);
    const desc = description === undefined ? "" : `<span class="bk-option-description">${description}</span>`;
    const invalid = p.field?.invalid === true ? ' aria-invalid="true"' : "";
    const input = `<input type="${inputType}"${controlName(el, p)}${attr("value", value)}${flag("checked", chosen.has(value))}${invalid}>`;
    return [`<label class="bk-option">${input} <span class="bk-option-text">${text}</span>${desc}</label>`];
  });
  const cls = type === "radio_buttons" ? "bk-radio-buttons" : "bk-checkboxes";
  return `<div class="${cls}"${dataIds(type, el, p)}${groupNaming(type, p)}${confirmAttr(el)}>${items.join("")}</div>`;
}

function picker(type: "datepicker" | "timepicker", el: Json, p: ElementPlace): string {
  const initial = type === "datepicker" ? str(el.initial_date) : str(el.initial_time);
  const valid = type === "datepicker" ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{2}:\d{2}$/;
  const value = initial !== undefined && valid.test(initial) ? initial : undefined;
  const inputType = type === "datepicker" ? "date" : "time";
  const name = flatText(el.placeholder) ?? (type === "datepicker" ? "Pick a date" : "Pick a time");
  return (
    `<input type="${inputType}" class="bk-${type}"${dataIds(type, el, p)}${controlName(el, p)}` +
    `${naming(p, name)}${attr("value", value)}${confirmAttr(el)}>`
  );
}

const nonNegative = (v: unknown): number | undefined => {
  const n = int(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

const TEXT_INPUT_TYPES: Record<string, string> = {
  plain_text_input: "text",
  email_text_input: "email",
  url_text_input: "url",
  number_input: "number",
};

function textInput(type: string, el: Json, p: ElementPlace): string {
  const placeholder = flatText(el.placeholder);
  const common =
    `${dataIds(type, el, p)}${controlName(el, p)}${naming(p, placeholder ?? "Text")}` +
    `${attr("minlength", nonNegative(el.min_length))}${attr("maxlength", nonNegative(el.max_length))}` +
    `${attr("placeholder", placeholder)}`;
  const initial = str(el.initial_value);
  if (type === "plain_text_input" && el.multiline === true) {
    // The HTML parser drops one newline right after <textarea>, so keep a leading one by doubling it.
    const content = initial === undefined ? "" : (initial.startsWith("\n") ? "\n" : "") + escapeHtml(initial);
    return `<textarea class="bk-text-input"${common}>${content}</textarea>`;
  }
  const numeric =
    type === "number_input"
      ? `${el.is_decimal_allowed === true ? ' step="any"' : ""}${attr("min", decimal(el.min_value))}${attr("max", decimal(el.max_value))}`
      : "";
  const value = type === "number_input" ? decimal(initial) : initial;
  return `<input type="${TEXT_INPUT_TYPES[type] ?? "text"}" class="bk-text-input"${common}${numeric}${attr("value", value)}>`;
}

/** Any interactive (or image) element, wherever it appears; unknown kinds become a visible notice. */
export function renderElement(el: unknown, p: ElementPlace): string {
  if (!isRecord(el)) return unsupportedElement("unknown");
  const type = str(el.type) ?? "unknown";
  // hasOwn, not `in` or indexing: "constructor" and friends must not match prototype members.
  const selectKind = Object.hasOwn(SELECT_KINDS, type) ? SELECT_KINDS[type] : undefined;
  if (selectKind) return select(type, selectKind, el, p);
  if (Object.hasOwn(TEXT_INPUT_TYPES, type)) return textInput(type, el, p);
  switch (type) {
    case "button":
      return button(el, p);
    case "image":
      return imageElement(el, "bk-image-element");
    case "radio_buttons":
    case "checkboxes":
      return choiceList(type, el, p);
    case "datepicker":
    case "timepicker":
      return picker(type, el, p);
    default:
      return unsupportedElement(type);
  }
}
