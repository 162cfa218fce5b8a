import { type Json, charCount, isObject, parseDecimal } from "./block-kit-check.js";
import { LIMITS } from "./block-kit-limits.js";

/** What the browser sends for one input: a string, a string[] (checkboxes, multi selects), or null when empty. */
export type RawInput = string | string[] | null;

/** One element's value as Slack reports it in view.state.values and in block_actions. */
export interface ElementValue {
  /** The keys Slack puts beside `type`, e.g. { value: "x" } or { selected_option: null }. */
  fields: Record<string, unknown>;
  empty: boolean;
  /** Why Slack's own client would refuse the value; undefined when it would not. */
  problem?: string;
  /** Set when a chosen value is not among the element's options: Slack's client cannot send those at all. */
  unknownOption?: boolean;
}

type Reader = (el: Json, raw: RawInput) => ElementValue;

const one = (raw: RawInput): string | null => (Array.isArray(raw) ? (raw[0] ?? null) : raw === "" ? null : raw);
const many = (raw: RawInput): string[] => (Array.isArray(raw) ? raw : raw === null ? [] : [raw]).filter((v) => v !== "");

/** Options of a menu, those inside option_groups included, exactly as the app defined them. */
export function optionsOf(el: Json): Json[] {
  const groups = Array.isArray(el.option_groups) ? el.option_groups : [];
  const grouped = groups.flatMap((g) => (isObject(g) && Array.isArray(g.options) ? (g.options as unknown[]) : []));
  return [...(Array.isArray(el.options) ? (el.options as unknown[]) : []), ...grouped].filter(isObject);
}

export function findOption(el: Json, value: string): Json | undefined {
  return optionsOf(el).find((o) => o.value === value);
}

const notAnOption = (values: string[]) => `Not one of the options: ${values.join(", ")}.`;
const tooManyChosen = (max: number) => `Please select no more than ${max} items.`;

function overLimit(el: Json, count: number): string | undefined {
  return typeof el.max_selected_items === "number" && count > el.max_selected_items ? tooManyChosen(el.max_selected_items) : undefined;
}

/** A single string value under `key`, refused by `check` when the client would refuse it. */
function single(key: string, check?: (el: Json, value: string) => string | undefined, convert?: (value: string) => unknown): Reader {
  return (el, raw) => {
    const value = one(raw);
    if (value === null) return { fields: { [key]: null }, empty: true };
    const problem = check?.(el, value);
    return { fields: { [key]: problem || !convert ? value : convert(value) }, empty: false, problem };
  };
}

/** A list of plain ids (users, conversations, channels). */
function ids(key: string): Reader {
  return (el, raw) => {
    const chosen = [...new Set(many(raw))];
    return { fields: { [key]: chosen }, empty: chosen.length === 0, problem: overLimit(el, chosen.length) };
  };
}

function option(key: string): Reader {
  return (el, raw) => {
    const value = one(raw);
    if (value === null) return { fields: { [key]: null }, empty: true };
    const found = findOption(el, value);
    if (found) return { fields: { [key]: found }, empty: false };
    return { fields: { [key]: null }, empty: true, problem: notAnOption([value]), unknownOption: true };
  };
}

function options(key: string): Reader {
  return (el, raw) => {
    const chosen: Json[] = [];
    const unknown: string[] = [];
    for (const value of new Set(many(raw))) {
      const found = findOption(el, value);
      if (found) chosen.push(found);
      else unknown.push(value);
    }
    const problem = unknown.length > 0 ? notAnOption(unknown) : overLimit(el, chosen.length);
    return { fields: { [key]: chosen }, empty: chosen.length === 0, problem, unknownOption: unknown.length > 0 };
  };
}

/**
 * External menus get their options from the app at typing time, which the sandbox does not ask for; the value
 * is reported with its initial option when it matches, else with the value standing in for the text.
 */
function externalOption(el: Json, value: string): Json {
  const initial = [el.initial_option, ...(Array.isArray(el.initial_options) ? el.initial_options : [])];
  return initial.find((o): o is Json => isObject(o) && o.value === value) ?? { text: { type: "plain_text", text: value }, value };
}

function lengthProblem(el: Json, value: string): string | undefined {
  const n = charCount(value);
  if (typeof el.min_length === "number" && n < el.min_length) return `Please enter at least ${el.min_length} characters.`;
  const max = typeof el.max_length === "number" ? el.max_length : LIMITS.plainTextInput.maxLength;
  return n > max ? `Please enter no more than ${max} characters.` : undefined;
}

function numberProblem(el: Json, value: string): string | undefined {
  const n = parseDecimal(value);
  if (n === undefined) return "Please enter a number.";
  if (el.is_decimal_allowed !== true && !Number.isInteger(n)) return "Please enter a whole number.";
  const bound = (key: string) => (typeof el[key] === "string" ? parseDecimal(el[key]) : undefined);
  const [min, max] = [bound("min_value"), bound("max_value")];
  if (min !== undefined && n < min) return `Please enter a number no less than ${String(el.min_value)}.`;
  if (max !== undefined && n > max) return `Please enter a number no greater than ${String(el.max_value)}.`;
  return undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emailProblem = (_el: Json, value: string) => (EMAIL.test(value) ? undefined : "Please enter a valid email address.");

function isWebUrl(text: string, needsDot: boolean): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && (!needsDot || url.hostname.includes("."));
  } catch {
    return false;
  }
}
// Without a scheme, "example.com" is taken as Slack's client takes it; "hello" is not a URL.
const urlProblem = (_el: Json, value: string) =>
  isWebUrl(value, false) || isWebUrl(`https://${value}`, true) ? undefined : "Please enter a valid URL.";

function dateProblem(_el: Json, value: string): string | undefined {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  return valid ? undefined : "Please enter a valid date.";
}
const timeProblem = (_el: Json, value: string) => (/^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? undefined : "Please enter a valid time.");
const epochProblem = (_el: Json, value: string) => (/^\d+$/.test(value) ? undefined : "Please enter a valid date and time.");

const richText = (value: string) => ({
  type: "rich_text",
  elements: [{ type: "rich_text_section", elements: [{ type: "text", text: value }] }],
});

/** How each stateful element turns what the person sent into Slack's shape. */
const READERS: Readonly<Record<string, Reader>> = {
  plain_text_input: single("value", lengthProblem),
  number_input: single("value", numberProblem),
  email_text_input: single("value", emailProblem),
  url_text_input: single("value", urlProblem),
  rich_text_input: single("rich_text_value", undefined, richText),
  datepicker: single("selected_date", dateProblem),
  timepicker: single("selected_time", timeProblem),
  datetimepicker: single("selected_date_time", epochProblem, Number),
  static_select: option("selected_option"),
  radio_buttons: option("selected_option"),
  checkboxes: options("selected_options"),
  multi_static_select: options("selected_options"),
  external_select: (el, raw) => single("selected_option", undefined, (v) => externalOption(el, v))(el, raw),
  multi_external_select: (el, raw) => {
    const chosen = [...new Set(many(raw))].map((v) => externalOption(el, v));
    return { fields: { selected_options: chosen }, empty: chosen.length === 0, problem: overLimit(el, chosen.length) };
  },
  users_select: single("selected_user"),
  multi_users_select: ids("selected_users"),
  conversations_select: single("selected_conversation"),
  multi_conversations_select: ids("selected_conversations"),
  channels_select: single("selected_channel"),
  multi_channels_select: ids("selected_channels"),
  // Uploads are not emulated: a file input always arrives empty.
  file_input: () => ({ fields: { files: [] }, empty: true }),
};

/** The element's value for `raw`; undefined for elements that hold no value (buttons, overflow menus, images). */
export function readElement(el: Json, raw: RawInput): ElementValue | undefined {
  const reader = typeof el.type === "string" ? READERS[el.type] : undefined;
  return reader?.(el, raw);
}
