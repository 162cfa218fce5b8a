/**
 * The bot as it runs in production: `node dist/main.js` (what `npm start` runs once built) in a
 * process of its own, configured through the environment alone, so that its RSS and CPU are its
 * own (no tsx, no benchmark code inside it). Its log goes to a file, read back for warnings and
 * errors, as a process manager would keep it.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EVENTS_PATH } from "../src/slack/app.js";
import { SIGNING_SECRET } from "../test/support/harness.js";
import { freePort, processUsage, type ProcessUsage } from "./processes.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const MAIN = join(ROOT, "dist/main.js");
const STAMP = join(ROOT, "dist/.build-stamp");

let build: { rebuilt: boolean; ms: number } | undefined;

/** Builds dist/ when a source changed since the last build (as `npm start` does), once per run. */
export function ensureBuilt(): { rebuilt: boolean; ms: number } {
  if (build) return build;
  const stampBefore = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const t0 = performance.now();
  execFileSync(process.execPath, [join(ROOT, "scripts/build-if-stale.mjs")], { cwd: ROOT, stdio: "inherit" });
  const stampAfter = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  build = { rebuilt: stampAfter !== stampBefore, ms: performance.now() - t0 };
  return build;
}

export interface BotProcess {
  pid: number;
  /** Where Slack sends commands and interactions. */
  eventsUrl: string;
  /** From spawning the process to its first /healthz 200, ms. */
  readyMs: number;
  usage(): ProcessUsage | undefined;
  /**
   * Warning and error lines it has logged so far, and the first few of them; if it has exited, how
   * and the end of its output (an uncaught exception prints no log line).
   */
  problems(): { warnings: number; errors: number; first: string[]; exit?: string };
  stop(): Promise<void>;
}

export interface BotProcessOptions {
  slackApiUrl: string;
  /** Where its database is: { DATABASE_PATH } for SQLite, { DATABASE_URL } for PostgreSQL. */
  database: Record<string, string>;
  logLevel: "debug" | "info" | "warn" | "error";
  /** Working directory (no .env there) and where the log file goes. */
  dir: string;
  name: string;
  onCleanup(fn: () => unknown): () => Promise<void>;
}

/** Starts `node dist/main.js` on a free port and waits until /healthz answers 200. */
export async function startBotProcess(opts: BotProcessOptions): Promise<BotProcess> {
  ensureBuilt();
  const port = await freePort();
  const logPath = join(opts.dir, `${opts.name}.log`);
  const logFd = openSync(logPath, "w");
  const t0 = performance.now();
  // BENCH_BOT_NODE_ARGS: node's own options for profiling the bot under the load (--cpu-prof, heap snapshots on a signal).
  const nodeArgs = process.env.BENCH_BOT_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: opts.dir,
    env: {
      PATH: process.env.PATH,
      SANDBOX: "0",
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: opts.slackApiUrl,
      PORT: String(port),
      ...opts.database,
      LOG_LEVEL: opts.logLevel,
    },
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  let exit: string | undefined;
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      if (!stopping) exit = `exited by itself (${signal ?? `code ${code}`}) ${(performance.now() / 1000).toFixed(0)} s into the benchmark`;
      resolve();
    }),
  );
  const stop = opts.onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  });
  let readyMs: number | undefined;
  for (const deadline = t0 + 30_000; readyMs === undefined; ) {
    if (child.exitCode !== null) throw new Error(`dist/main.js exited with ${child.exitCode}:\n${readFileSync(logPath, "utf8").slice(-2_000)}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error("dist/main.js did not answer /healthz 200 within 30 s");
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.ok) readyMs = performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (readyMs === undefined) await new Promise((r) => setTimeout(r, 10));
  }
  return {
    pid: child.pid!,
    eventsUrl: `http://127.0.0.1:${port}${EVENTS_PATH}`,
    readyMs,
    usage: () => processUsage(child.pid!),
    problems: () => {
      const lines = readFileSync(logPath, "utf8").split("\n");
      const warn = lines.filter((l) => / WARN /.test(l));
      const error = lines.filter((l) => / ERROR /.test(l) || /^(unhandled|escalation bot failed)/.test(l));
      const found = { warnings: warn.length, errors: error.length, first: [...error, ...warn].slice(0, 5) };
      return exit ? { ...found, exit: `${exit}; its output ended with:\n${lines.slice(-25).join("\n")}` } : found;
    },
    stop,
  };
}
