// Types only: loading Bolt itself costs a few hundred ms, and the delivery thread has no use for it.
import type { LogLevel, Logger } from "@slack/bolt";
import { redactLogText } from "./log-redaction.js";

/**
 * Log levels in increasing severity; the same names Bolt's logger uses. Kept here, not in
 * config.ts, so the delivery thread can log without loading config's validation.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export type { Logger };

type Fields = Record<string, string | number | boolean | null | undefined>;

/** key=value pairs, quoting values with spaces, so one request is one greppable line. */
export function formatFields(fields: Fields): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const s = String(v);
      return /[\s"=]/.test(s) ? `${k}=${JSON.stringify(s)}` : `${k}=${s}`;
    })
    .join(" ");
}

/** One entry's arguments as one line; an error as its message, or its stack when debugging. */
export function logText(msg: readonly unknown[], withStack: boolean): string {
  return msg
    .map((m) => {
      if (m instanceof Error) return withStack && m.stack ? m.stack : `${m.name}: ${m.message}`;
      if (typeof m === "string") return m;
      try {
        return JSON.stringify(m);
      } catch {
        return String(m);
      }
    })
    .join(" ");
}

/**
 * A Logger (Bolt's and the Web API client's interface) that passes each entry at or above its
 * level to `entry`, with the entry's text redacted (no secrets, no typed text; see log-redaction.ts).
 */
function levelledLogger(level: LogLevelName, entry: (level: LogLevelName, text: string) => void, setName: (name: string) => void = () => {}): Logger {
  let threshold = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogLevelName, msg: unknown[]) => {
    if (LOG_LEVELS.indexOf(lvl) >= threshold) entry(lvl, redactLogText(logText(msg, threshold === 0)));
  };
  return {
    debug: (...m: unknown[]) => emit("debug", m),
    info: (...m: unknown[]) => emit("info", m),
    warn: (...m: unknown[]) => emit("warn", m),
    error: (...m: unknown[]) => emit("error", m),
    setLevel: (l: LogLevel) => {
      const i = LOG_LEVELS.indexOf(l as LogLevelName);
      if (i >= 0) threshold = i;
    },
    getLevel: () => LOG_LEVELS[threshold] as LogLevel,
    setName,
  };
}

/**
 * A logger that hands each entry to `send` instead of writing it: the delivery thread's lines go to
 * the main thread's logger, so they land where every other line does.
 */
export function forwardingLogger(level: LogLevelName, send: (level: LogLevelName, text: string) => void): Logger {
  return levelledLogger(level, send);
}

/**
 * A one-line-per-entry logger that Bolt and the Web API client can use too (it implements their
 * Logger interface). Errors print their message, not their stack, unless LOG_LEVEL=debug.
 */
export function createLogger(level: LogLevelName, name = "escalation-bot", write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Logger {
  let label = name;
  return levelledLogger(
    level,
    (lvl, text) => write(`${new Date().toISOString()} ${lvl.toUpperCase()} [${label}] ${text}`),
    (n) => {
      label = n;
    },
  );
}

/** Logs one handled request: what happened, to which escalation, and how it ended. */
export function logEvent(logger: Logger, event: string, fields: Fields): void {
  logger.info(`${event} ${formatFields(fields)}`);
}
