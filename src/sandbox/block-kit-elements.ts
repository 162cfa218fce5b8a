import {
  type Fields,
  type Json,
  type Problems,
  charCount,
  checkFields,
  checkOptionGroup,
  checkText,
  isObject,
  parseDecimal,
  say,
} from "./block-kit-check.js";
import { BUTTON_STYLES, ELEMENTS_IN, LIMITS } from "./block-kit-limits.js";

interface ElementRule {
  fields: Fields;
  /** Rules that tie fields together, run after the fields themselves. */
  check?: (p: Problems, el: Json, path: string) => void;
}

/** Fields any interactive element may carry. */
const COMMON: Fields = {
  action_id: { kind: "string", max: LIMITS.actionId },
  confirm: { kind: "confirm" },
  focus_on_load: { kind: "boolean" },
  placeholder: { kind: "text", plain: true, max: LIMITS.placeholder },
};

const S = LIMITS.select;
const STATIC_OPTIONS: Fields = {
  options: { kind: "options", plain: true, max: S.options },
  option_groups: { kind: "array", max: S.optionGroups, each: checkOptionGroup },
};
const MULTI: Fields = { max_selected_items: { kind: "integer", min: 1 } };
const DISPATCH: Fields = { dispatch_action_config: { kind: "object" } };
const CONVERSATION_FILTER: Fields = { filter: { kind: "object" }, default_to_current_conversation: { kind: "boolean" } };

/** Static menus take options or option_groups; the docs ask for exactly one but only a menu with neither is refused. */
function needsOptions(p: Problems, el: Json, path: string): void {
  if (el.options === undefined && el.option_groups === undefined) p.add(path, say.missing("options"));
}

function plainTextInputRule(p: Problems, el: Json, path: string): void {
  const min = typeof el.min_length === "number" ? el.min_length : undefined;
  const max = typeof el.max_length === "number" ? el.max_length : undefined;
  if (min !== undefined && max !== undefined && min > max) p.add(`${path}/min_length`, say.notAbove("max_length"));
  // An initial value shorter than min_length is left alone: the person still has to edit it before submitting.
  const cap = max ?? LIMITS.plainTextInput.maxLength;
  if (typeof el.initial_value === "string" && charCount(el.initial_value) > cap) p.add(`${path}/initial_value`, say.longer(cap));
}

function numberInputRule(p: Problems, el: Json, path: string): void {
  const read = (key: string) => (typeof el[key] === "string" ? parseDecimal(el[key]) : undefined);
  const [min, max, initial] = [read("min_value"), read("max_value"), read("initial_value")];
  if (min !== undefined && max !== undefined && min > max) p.add(`${path}/min_value`, say.notAbove("max_value"));
  if (el.is_decimal_allowed === false) {
    for (const key of ["min_value", "max_value", "initial_value"]) {
      const n = read(key);
      if (n !== undefined && !Number.isInteger(n)) p.add(`${path}/${key}`, say.integer);
    }
  }
  if (initial !== undefined && ((min !== undefined && initial < min) || (max !== undefined && initial > max))) {
    p.add(`${path}/initial_value`, say.notWithin("min_value and max_value"));
  }
}

function imageRule(p: Problems, el: Json, path: string): void {
  if (el.image_url === undefined && el.slack_file === undefined) p.add(path, say.either("image_url", "slack_file"));
}

const B = LIMITS.button;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Every element type Slack documents, with the fields we check. Unlisted fields are accepted as they are. */
export const ELEMENT_RULES: Readonly<Record<string, ElementRule>> = {
  button: {
    fields: {
      text: { kind: "text", required: true, plain: true, max: B.text },
      value: { kind: "string", max: B.value },
      url: { kind: "string", max: B.url },
      style: { kind: "string", oneOf: BUTTON_STYLES },
      accessibility_label: { kind: "string", max: B.accessibilityLabel },
    },
  },
  workflow_button: {
    fields: {
      text: { kind: "text", required: true, plain: true, max: B.text },
      workflow: { kind: "object", required: true },
      style: { kind: "string", oneOf: BUTTON_STYLES },
      accessibility_label: { kind: "string", max: B.accessibilityLabel },
    },
  },
  overflow: {
    fields: { options: { kind: "options", required: true, plain: true, min: LIMITS.overflow.minOptions, max: LIMITS.overflow.maxOptions } },
  },
  checkboxes: {
    fields: {
      options: { kind: "options", required: true, plain: false, max: LIMITS.choices },
      initial_options: { kind: "options", plain: false, max: LIMITS.choices },
    },
  },
  radio_buttons: {
    fields: {
      options: { kind: "options", required: true, plain: false, max: LIMITS.choices },
      initial_option: { kind: "option", plain: false },
    },
  },
  static_select: { fields: { ...STATIC_OPTIONS, initial_option: { kind: "option", plain: true } }, check: needsOptions },
  multi_static_select: {
    fields: { ...STATIC_OPTIONS, ...MULTI, initial_options: { kind: "options", plain: true, max: S.options } },
    check: needsOptions,
  },
  external_select: { fields: { initial_option: { kind: "option", plain: true }, min_query_length: { kind: "integer", min: 0 } } },
  multi_external_select: {
    fields: { ...MULTI, initial_options: { kind: "options", plain: true, max: S.options }, min_query_length: { kind: "integer", min: 0 } },
  },
  users_select: { fields: { initial_user: { kind: "string" } } },
  multi_users_select: { fields: { ...MULTI, initial_users: { kind: "strings" } } },
  conversations_select: {
    fields: { ...CONVERSATION_FILTER, initial_conversation: { kind: "string" }, response_url_enabled: { kind: "boolean" } },
  },
  multi_conversations_select: { fields: { ...CONVERSATION_FILTER, ...MULTI, initial_conversations: { kind: "strings" } } },
  channels_select: { fields: { initial_channel: { kind: "string" }, response_url_enabled: { kind: "boolean" } } },
  multi_channels_select: { fields: { ...MULTI, initial_channels: { kind: "strings" } } },
  datepicker: { fields: { initial_date: { kind: "string", pattern: DATE } } },
  timepicker: { fields: { initial_time: { kind: "string", pattern: TIME }, timezone: { kind: "string" } } },
  datetimepicker: { fields: { initial_date_time: { kind: "integer" } } },
  plain_text_input: {
    fields: {
      ...DISPATCH,
      initial_value: { kind: "string" },
      multiline: { kind: "boolean" },
      min_length: { kind: "integer", min: 0, max: LIMITS.plainTextInput.minLength },
      max_length: { kind: "integer", min: 1, max: LIMITS.plainTextInput.maxLength },
    },
    check: plainTextInputRule,
  },
  number_input: {
    fields: {
      ...DISPATCH,
      is_decimal_allowed: { kind: "boolean", required: true },
      initial_value: { kind: "numeric" },
      min_value: { kind: "numeric" },
      max_value: { kind: "numeric" },
    },
    check: numberInputRule,
  },
  email_text_input: { fields: { ...DISPATCH, initial_value: { kind: "string" } } },
  url_text_input: { fields: { ...DISPATCH, initial_value: { kind: "string" } } },
  rich_text_input: { fields: { ...DISPATCH, initial_value: { kind: "object" } } },
  file_input: { fields: { filetypes: { kind: "strings" }, max_files: { kind: "integer", min: 1, max: LIMITS.fileInput.maxFiles } } },
  image: {
    fields: {
      image_url: { kind: "string", max: LIMITS.image.url },
      slack_file: { kind: "object" },
      alt_text: { kind: "string", required: true, max: LIMITS.image.altText },
    },
    check: imageRule,
  },
};

/** Checks one element at `path`, refusing types that are unknown or not allowed in this place. */
export function checkElement(p: Problems, el: unknown, path: string, allowed: readonly string[]): void {
  if (!isObject(el)) return p.add(path, say.object);
  if (el.type === undefined) return p.add(path, say.missing("type"));
  if (typeof el.type !== "string") return p.add(`${path}/type`, say.string);
  const rule = ELEMENT_RULES[el.type];
  if (!rule || !allowed.includes(el.type)) return p.add(`${path}/type`, say.unsupported(el.type));
  checkFields(p, el, path, COMMON);
  checkFields(p, el, path, rule.fields);
  rule.check?.(p, el, path);
}

/** Context blocks hold `image` elements and text objects side by side. */
export function checkContextElement(p: Problems, el: unknown, path: string): void {
  if (isObject(el) && (el.type === "plain_text" || el.type === "mrkdwn")) return checkText(p, el, path, LIMITS.text, false);
  checkElement(p, el, path, ELEMENTS_IN.context);
}
