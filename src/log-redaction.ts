/**
 * What no log line may carry, whatever the level: Slack tokens, the signing secret, and what people
 * typed. Bolt and the Web API client log whole request and response bodies at debug (a restricted
 * escalation's summary in a chat.postMessage, a modal's typed values, a command's text); the bot's
 * own lines carry ids only. Every line passes through `redactLogText` before it is written.
 */

export const REDACTED = "[redacted]";
const UNREADABLE = "[redacted: unreadable JSON]";

/** Slack token shapes (bot, user, app-level, refresh, config, workspace, legacy). */
const TOKEN = /\bx(?:ox[abcdeoprs]|app)-[A-Za-z0-9-]+/g;
/** Socket Mode connection tickets and similar one-time credentials in URLs. */
const URL_TICKET = /\b(ticket|token|secret)=[^&\s"']+/gi;

/**
 * Secrets of this process (tokens, the signing secret) replaced wherever they appear, even in
 * shapes the patterns above miss. Process-wide on purpose: a secret stays one wherever it is logged.
 */
const secrets = new Set<string>();
/** Short values would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

export function keepOutOfLogs(...values: readonly (string | undefined)[]): void {
  for (const v of values) if (v !== undefined && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
}

/** JSON keys whose string values are typed by people (or carry their text back): never logged. */
const FREE_TEXT_KEYS = new Set([
  "text",
  "value",
  "initial_value",
  "fallback",
  "pretext",
  "markdown_text",
  "initial_comment",
  "query",
  "private_metadata",
  "summary",
  "customer",
]);
/** Keys whose whole value is left out: a form's typed state. */
const DROPPED_KEYS = new Set(["values"]);
/** Keys that name a credential or a URL that acts as one. */
const SECRET_KEY = /token|secret|authorization|password|routing_key|^response_url$/i;

/** Where a JSON object or array seems to start: `{"`, `[{`, `["`, `[[` (whitespace allowed). */
const JSON_START = /[{[]\s*["{[]/g;

export function redactLogText(text: string): string {
  let out = text.replace(TOKEN, REDACTED).replace(URL_TICKET, `$1=${REDACTED}`);
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return scrubJsonRegions(out);
}

/** Replaces each JSON value embedded in the line by its scrubbed form; what cannot be read is dropped. */
function scrubJsonRegions(text: string): string {
  JSON_START.lastIndex = 0;
  if (!JSON_START.test(text)) return text;
  let out = "";
  let at = 0;
  while (at < text.length) {
    JSON_START.lastIndex = at;
    const start = JSON_START.exec(text)?.index;
    if (start === undefined) break;
    out += text.slice(at, start);
    const end = jsonEnd(text, start);
    if (end === undefined) {
      // Cut short (a truncated or broken body): everything from here may be typed text.
      return out + UNREADABLE;
    }
    out += scrubJsonText(text.slice(start, end)) ?? UNREADABLE;
    at = end;
  }
  return out + text.slice(at);
}

/** Index just past the bracket that closes the one at `start`, honouring strings; undefined if unclosed. */
function jsonEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function scrubJsonText(json: string): string | undefined {
  try {
    return JSON.stringify(scrub(JSON.parse(json) as unknown));
  } catch {
    return undefined;
  }
}

function scrub(value: unknown, key?: string): unknown {
  if (key !== undefined) {
    if (DROPPED_KEYS.has(key) && value !== null) return REDACTED;
    if (typeof value === "string" && value !== "" && (FREE_TEXT_KEYS.has(key) || SECRET_KEY.test(key))) return REDACTED;
  }
  if (typeof value === "string") {
    // A JSON body inside a string (a form-encoded `payload`, `blocks` or `view`).
    const first = value.trimStart()[0];
    if (first === "{" || first === "[") return scrubJsonText(value) ?? value;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  }
  return value;
}
