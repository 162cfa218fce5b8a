import { BUTTON_STYLES, LIMITS } from "./block-kit-limits.js";

/** A JSON object as received from an app. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Counts code points, not UTF-16 units, so an emoji never tips a text over a limit Slack would accept. */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/**
 * Slack's wording in `response_metadata.messages`. Seen in real responses: missing required field, must provide
 * a string/an object, must be less than N+1 characters, must be more than 0 characters, no more than N items
 * allowed, must be a valid enum value. The others follow the same style but are our own words.
 */
export const say = {
  missing: (key: string) => `missing required field: ${key}`,
  string: "must provide a string",
  object: "must provide an object",
  array: "must provide an array",
  boolean: "must provide a boolean",
  integer: "must provide an integer",
  number: "must provide a number as a string",
  enumValue: "must be a valid enum value",
  format: "must match the documented format",
  longer: (max: number) => `must be less than ${max + 1} characters`,
  shorter: (min: number) => `must be more than ${min - 1} characters`,
  tooMany: (max: number) => `no more than ${max} items allowed`,
  tooFew: (min: number) => `must provide at least ${min} items`,
  above: (max: number) => `must be less than ${max + 1}`,
  below: (min: number) => `must be more than ${min - 1}`,
  unsupported: (type: string) => `unsupported type: ${type}`,
  additional: (key: string) => `invalid additional property: ${key}`,
  duplicate: (what: string, id: string) => `duplicate ${what}: ${id}`,
  either: (a: string, b: string) => `must provide either ${a} or ${b}`,
  notAbove: (what: string) => `must not be greater than ${what}`,
  notWithin: (what: string) => `must be within ${what}`,
} as const;

export class Problems {
  readonly messages: string[] = [];
  add(path: string, message: string): void {
    this.messages.push(`[ERROR] ${message} [json-pointer:${path}]`);
  }
}

/** The vocabulary the rule tables are written in. A field absent from the object is only an error when `required`. */
export type Field =
  | { kind: "string"; required?: boolean; min?: number; max?: number; oneOf?: readonly string[]; pattern?: RegExp }
  | { kind: "boolean"; required?: boolean }
  | { kind: "integer"; required?: boolean; min?: number; max?: number }
  /** A number written as a string, as number_input's bounds are. */
  | { kind: "numeric"; required?: boolean }
  | { kind: "text"; required?: boolean; plain?: boolean; max: number }
  | { kind: "option"; required?: boolean; plain: boolean }
  | { kind: "options"; required?: boolean; plain: boolean; min?: number; max: number }
  | { kind: "strings"; required?: boolean; max?: number }
  | { kind: "object"; required?: boolean }
  | { kind: "array"; required?: boolean; min?: number; max?: number; each?: Check }
  | { kind: "confirm"; required?: boolean }
  | { kind: "custom"; required?: boolean; check: Check };
export type Fields = Readonly<Record<string, Field>>;
export type Check = (p: Problems, value: unknown, path: string) => void;

export function checkFields(p: Problems, obj: Json, path: string, fields: Fields): void {
  for (const [key, field] of Object.entries(fields)) {
    // JSON has no undefined: absent means missing, while null is a value of the wrong type.
    const value = obj[key];
    if (value === undefined) {
      if (field.required) p.add(path, say.missing(key));
      continue;
    }
    checkField(p, value, `${path}/${key}`, field);
  }
}

function checkField(p: Problems, value: unknown, path: string, field: Field): void {
  switch (field.kind) {
    case "string":
      return checkString(p, value, path, field);
    case "boolean":
      if (typeof value !== "boolean") p.add(path, say.boolean);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return p.add(path, say.integer);
      if (field.max !== undefined && value > field.max) p.add(path, say.above(field.max));
      if (field.min !== undefined && value < field.min) p.add(path, say.below(field.min));
      return;
    case "numeric":
      if (typeof value !== "string" || parseDecimal(value) === undefined) p.add(path, say.number);
      return;
    case "text":
      return checkText(p, value, path, field.max, field.plain ?? false);
    case "option":
      return checkOption(p, value, path, field.plain);
    case "options":
      return checkArray(p, value, path, field.min, field.max, (q, o, at) => checkOption(q, o, at, field.plain));
    case "strings":
      return checkArray(p, value, path, undefined, field.max, (q, s, at) => {
        if (typeof s !== "string") q.add(at, say.string);
      });
    case "object":
      if (!isObject(value)) p.add(path, say.object);
      return;
    case "array":
      return checkArray(p, value, path, field.min, field.max, field.each);
    case "confirm":
      return checkConfirm(p, value, path);
    case "custom":
      return field.check(p, value, path);
  }
}

function checkString(p: Problems, value: unknown, path: string, rule: Extract<Field, { kind: "string" }>): void {
  if (typeof value !== "string") return p.add(path, say.string);
  if (rule.oneOf && !rule.oneOf.includes(value)) return p.add(path, say.enumValue);
  const n = charCount(value);
  if (rule.max !== undefined && n > rule.max) p.add(path, say.longer(rule.max));
  if (rule.min !== undefined && n < rule.min) p.add(path, say.shorter(rule.min));
  if (rule.pattern && !rule.pattern.test(value)) p.add(path, say.format);
}

export function checkArray(p: Problems, value: unknown, path: string, min: number | undefined, max: number | undefined, each?: Check): void {
  if (!Array.isArray(value)) return p.add(path, say.array);
  if (max !== undefined && value.length > max) p.add(path, say.tooMany(max));
  if (min !== undefined && value.length < min) p.add(path, say.tooFew(min));
  if (each) value.forEach((item, i) => each(p, item, `${path}/${i}`));
}

/** Text objects: plain_text or mrkdwn (plain_text only where Slack requires it), never empty. */
export function checkText(p: Problems, value: unknown, path: string, max: number, plain: boolean): void {
  if (!isObject(value)) return p.add(path, say.object);
  checkFields(p, value, path, {
    type: { kind: "string", required: true, oneOf: plain ? ["plain_text"] : ["plain_text", "mrkdwn"] },
    text: { kind: "string", required: true, min: 1, max },
    emoji: { kind: "boolean" },
    verbatim: { kind: "boolean" },
  });
}

const L = LIMITS.option;

/** Option objects; select and overflow menus take plain_text only, radio buttons and checkboxes take mrkdwn too. */
export function checkOption(p: Problems, value: unknown, path: string, plain: boolean): void {
  if (!isObject(value)) return p.add(path, say.object);
  checkFields(p, value, path, {
    text: { kind: "text", required: true, plain, max: L.text },
    value: { kind: "string", required: true, max: L.value },
    description: { kind: "text", plain, max: L.description },
    url: { kind: "string", max: L.url },
  });
}

export function checkOptionGroup(p: Problems, value: unknown, path: string): void {
  if (!isObject(value)) return p.add(path, say.object);
  checkFields(p, value, path, {
    label: { kind: "text", required: true, plain: true, max: LIMITS.select.groupLabel },
    options: { kind: "options", required: true, plain: true, max: LIMITS.select.options },
  });
}

/**
 * Confirmation dialogs. The reference page marks title, confirm and deny as required but @slack/types marks them
 * optional; only `text` is required here so the emulator never refuses a dialog Slack takes.
 */
export function checkConfirm(p: Problems, value: unknown, path: string): void {
  if (!isObject(value)) return p.add(path, say.object);
  const C = LIMITS.confirm;
  checkFields(p, value, path, {
    title: { kind: "text", plain: true, max: C.title },
    text: { kind: "text", required: true, max: C.text },
    confirm: { kind: "text", plain: true, max: C.button },
    deny: { kind: "text", plain: true, max: C.button },
    style: { kind: "string", oneOf: BUTTON_STYLES },
  });
}

/** A decimal number as number_input writes it ("-3", "0.25"); undefined when it is not one. */
export function parseDecimal(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}
