/**
 * What no log line may carry, whatever the level or format: Slack tokens, the signing secret and
 * every other secret of the configuration, database passwords, and what people typed.
 *
 * Two mechanisms, each where it fits:
 * - pino's own `redact` paths (REDACT_PATHS) for structured fields: a key that names a credential
 *   or typed text is censored wherever our code, or a serialized error, puts it.
 * - `redactLogText` for free text, which redact paths cannot see into. Bolt, the Web API client and
 *   the Socket Mode client hand their logger whole request and response bodies as strings at debug
 *   (a restricted escalation's summary in a chat.postMessage, a modal's typed values, a command's
 *   text, an apps.connections.open ticket), and error messages from libraries quote what they were
 *   given. The logger runs every message and string field through it (see logger.ts).
 */

export const REDACTED = "[redacted]";
const UNREADABLE = "[redacted: unreadable JSON]";

/** Keys whose value is a credential. */
const SECRET_FIELDS = ["token", "secret", "password", "authorization", "Authorization", "cookie", "signingSecret", "databaseUrl"];
/** Keys whose value is typed by people: never logged, even if a future line passes one by mistake. */
const TYPED_FIELDS = ["text", "summary", "customer", "impact", "value", "values", "query", "private_metadata"];

/**
 * pino `redact.paths`: censored before an entry is serialized, in JSON and in pretty output alike.
 * Fields are flat (ids, counts, outcomes), so the paths are too, and a request's headers: a leading
 * wildcard (`*.token`) would cost five times the rest of writing an entry.
 */
export const REDACT_PATHS: readonly string[] = [...SECRET_FIELDS, ...SECRET_FIELDS.map((k) => `headers.${k}`), ...TYPED_FIELDS];

/** Slack token shapes (bot, user, app-level, refresh, config, workspace, legacy). */
const TOKEN = /\bx(?:ox[abcdeoprs]|app)-[A-Za-z0-9-]+/g;
/** Socket Mode connection tickets and similar one-time credentials in URLs. */
const URL_TICKET = /\b(ticket|token|secret|link)=[^&\s"']+/gi;
/** The password of a URL with credentials (postgres://user:password@host/db). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s"']+:)[^@/?#\s"']+@/gi;

/**
 * Secrets of this process (the configuration's tokens, signing secrets, keys) replaced wherever
 * they appear, even in shapes the patterns above miss. Process-wide on purpose: a secret stays one
 * wherever it is logged, by whichever logger.
 */
const secrets = new Set<string>();
/** Short values would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

export function keepOutOfLogs(...values: readonly (string | undefined)[]): void {
  for (const v of values) if (v !== undefined && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
}

/**
 * A configuration key whose value is a secret: SLACK_BOT_TOKEN, METRICS_TOKEN, WEBHOOK_SECRET,
 * METADATA_SIGNING_KEY, PAGERDUTY_ROUTING_KEY… Not any `key`: a Jira project key is an id, and would
 * blank every issue key in the logs.
 */
const SECRET_SETTING = /token|secret|password|signingkey|routingkey|apikey/i;

/**
 * Every secret a configuration holds, by the name of its setting (so a setting added later is kept
 * out too), and the password of a database URL.
 */
export function secretsOf(config: object): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    // Settings grouped by what they configure (integrations: { pagerduty: { routingKey } }).
    if (value !== null && typeof value === "object") found.push(...secretsOf(value));
    if (typeof value !== "string") continue;
    if (SECRET_SETTING.test(key)) found.push(value);
    if (/url$/i.test(key)) {
      try {
        const password = decodeURIComponent(new URL(value).password);
        if (password) found.push(password);
      } catch {
        // Not a URL: nothing in it to keep out.
      }
    }
  }
  return found;
}

/** JSON keys whose string values are typed by people (or carry their text back): never logged. */
const FREE_TEXT_KEYS = new Set(["fallback", "pretext", "markdown_text", "initial_value", "initial_comment", ...TYPED_FIELDS]);
/** Keys whose whole value is left out: a form's typed state. */
const DROPPED_KEYS = new Set(["values"]);
/** Keys that name a credential or a URL that acts as one. */
const SECRET_KEY = /token|secret|authorization|password|routing_key|^response_url$/i;

/** Where a JSON object or array seems to start: `{"`, `[{`, `["`, `[[` (whitespace allowed). */
const JSON_START = /[{[]\s*["{[]/g;

/** What each pattern above needs: text without any of it (most of the bot's own) is looked at once. */
const MAY_NEED_PATTERNS = /x(?:ox|app)|=|:\/\/|[{[]/;

export function redactLogText(text: string): string {
  let out = text;
  if (MAY_NEED_PATTERNS.test(out)) {
    out = out.replace(TOKEN, REDACTED).replace(URL_TICKET, `$1=${REDACTED}`).replace(URL_PASSWORD, `$1${REDACTED}@`);
  }
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

/**
 * An error as a log field: its type, message and code, and its stack only when asked (debugging).
 * Never its other properties: the Web API client's errors carry the failed request, with its
 * Authorization header and a body of typed text. An error that crossed from the delivery thread
 * arrives as such an object already, and is read the same way.
 */
export function errorField(err: unknown, withStack: boolean): unknown {
  if (err === null || typeof err !== "object") return redactLogText(String(err));
  const e = err as { name?: unknown; type?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  const type = err instanceof Error ? err.name : e.type;
  return {
    type: typeof type === "string" ? type : "Error",
    message: redactLogText(typeof e.message === "string" ? e.message : String(err)),
    ...(typeof e.code === "string" || typeof e.code === "number" ? { code: e.code } : {}),
    ...(withStack && typeof e.stack === "string" ? { stack: redactLogText(e.stack) } : {}),
  };
}
