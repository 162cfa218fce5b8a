import { createRequire } from "node:module";

/** pino's own fields, shown by pino-pretty itself (time, level, name) or left out (process). */
const OWN_FIELDS = new Set(["level", "time", "pid", "hostname", "name", "msg", "err"]);

/**
 * Turns a pino JSON line into one line for people, `[12:00:01.250] INFO: escalation.submit
 * escalation=ESC-0001 outcome=created`, the fields as `key=value` so that one action stays one
 * greppable line. pino-pretty is loaded here, on first use, in-process and synchronously: a bot
 * writing JSON (production) never loads it, and no line waits in a transport thread.
 */
export function prettyPrinter(colour: boolean): (line: string) => string {
  const { prettyFactory } = createRequire(import.meta.url)("pino-pretty") as typeof import("pino-pretty");
  return prettyFactory({
    colorize: colour,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname",
    hideObject: true,
    messageFormat: (log, messageKey) => entryText(log, messageKey),
  });
}

function entryText(log: Record<string, unknown>, messageKey: string): string {
  const msg = log[messageKey];
  const parts = typeof msg === "string" && msg !== "" ? [msg] : [];
  for (const [key, value] of Object.entries(log)) {
    if (OWN_FIELDS.has(key) || value === undefined) continue;
    parts.push(`${key}=${fieldValue(value)}`);
  }
  const err = log.err as { type?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === "object") {
    parts.push(`error=${fieldValue(`${String(err.type ?? "Error")}: ${String(err.message ?? "")}`)}`);
    // The stack's frames (at debug) under the line, as Node prints them.
    if (typeof err.stack === "string") return [parts.join(" "), ...err.stack.split("\n").slice(1)].join("\n");
  }
  return parts.join(" ");
}

/** A value as it reads after `key=`: quoted when it has spaces, quotes or `=`. */
function fieldValue(value: unknown): string {
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}
