import { pino, type DestinationStream, type LogFn, type Logger as PinoLogger, type LoggerOptions } from "pino";
import { errorField, redactLogText, REDACT_PATHS, REDACTED } from "./log-redaction.js";
import { prettyPrinter } from "./log-pretty.js";

/**
 * Log levels in increasing severity; the same names Bolt's logger uses. Kept here, not in
 * config.ts, so the delivery thread can log without loading config's validation.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** JSON lines for machines (production), or one readable line per entry for people. */
export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * The bot's logger: pino. An entry is an event name and its fields,
 * `logger.warn({ row: 12, error: "ratelimited" }, "outbox.retry")`: keys in JSON, `key=value` when pretty.
 * Bolt and the Web API client get an adapter of it (slack/slack-logger.ts).
 */
export type Logger = PinoLogger;

/**
 * Fields of an entry: ids, counts, outcomes; never an object that could hold typed text. Never a key
 * pino writes itself: it would be written twice, and a `level` field would hide the entry's level.
 */
export type Fields = Record<string, string | number | boolean | null | undefined> & { [K in "level" | "time" | "msg" | "pid" | "hostname" | "name"]?: never };

/** Logs one handled request: what happened, to which escalation, and how it ended. */
export function logEvent(logger: Logger, event: string, fields: Fields): void {
  logger.info(fields, event);
}

/** The sandbox and a terminal get pretty lines, anything else (a log collector) JSON, unless LOG_FORMAT says. */
export function chooseLogFormat(requested: LogFormat | undefined, sandbox: boolean): LogFormat {
  return requested ?? (sandbox || process.stderr.isTTY ? "pretty" : "json");
}

export interface LogSettings {
  level: LogLevelName;
  format: LogFormat;
  /** Where each finished entry goes, without its line break; stderr unless given (tests keep them). */
  write?: (entry: string) => void;
}

/** The one logger of a process, on stderr. */
export function createLogger(settings: LogSettings): Logger {
  return pino(loggerOptions(settings.level), destination(settings));
}

/**
 * A logger that hands each entry (a JSON line, redacted already) to `send` instead of writing it:
 * the delivery thread's entries go to the main thread, which logs them again with `relayEntry`,
 * so they land where every other entry does, with their level and fields. No time or process
 * fields: the main thread adds its own.
 */
export function forwardingLogger(level: LogLevelName, send: (entry: string) => void): Logger {
  return pino({ ...loggerOptions(level), base: undefined, timestamp: false }, { write: send });
}

/** Logs an entry a forwardingLogger sent, at its level, with its fields. */
export function relayEntry(logger: Logger, entry: string): void {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(entry) as Record<string, unknown>;
  } catch {
    logger.warn({ bytes: entry.length }, "log.unreadable_entry");
    return;
  }
  const { level, msg, ...fields } = parsed;
  const name = LOG_LEVELS.find((l) => pino.levels.values[l] === level) ?? "error";
  logger[name](fields, typeof msg === "string" ? msg : "");
}

function loggerOptions(level: LogLevelName): LoggerOptions {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    // A stack is noise in normal operation and often the whole story when debugging.
    serializers: { err: (err: unknown) => errorField(err, level === "debug") },
    hooks: {
      // Free text, which redact paths cannot see into: messages (Bolt's and the Web API client's
      // carry whole request bodies) and string fields (an error message quotes what it was given).
      logMethod(args, method) {
        const redacted = args.map(redactArgument);
        // With no message, pino uses the error's own, unredacted: give it the redacted one.
        const [first, msg] = args as unknown[];
        const err = first instanceof Error ? first : (first as { err?: unknown } | null | undefined)?.err;
        if (typeof msg !== "string" && err instanceof Error) redacted.splice(1, 0, redactLogText(err.message));
        method.apply(this, redacted as Parameters<LogFn>);
      },
    },
  };
}

function redactArgument(arg: unknown): unknown {
  if (typeof arg === "string") return redactLogText(arg);
  if (arg === null || typeof arg !== "object" || arg instanceof Error) return arg;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(arg)) fields[key] = typeof value === "string" ? redactLogText(value) : value;
  return fields;
}

function destination({ format, write }: LogSettings): DestinationStream {
  if (write) {
    const pretty = format === "pretty" ? prettyPrinter(false) : undefined;
    return { write: (line) => write((pretty ? pretty(line) : line).replace(/\n$/, "")) };
  }
  // Synchronous, as the lines before it were: a crash right after an entry still leaves it written.
  const stderr = pino.destination({ dest: 2, sync: true });
  if (format === "json") return stderr;
  const pretty = prettyPrinter(Boolean(process.stderr.isTTY));
  return { write: (line) => stderr.write(pretty(line)) };
}
