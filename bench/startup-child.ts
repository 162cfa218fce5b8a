/**
 * Measures start-up of the real bot in a fresh process (so RSS is not inflated by the other
 * benchmarks): argv[2] is the database path. Reports over IPC and exits.
 */
import { request } from "node:http";
import { startBot } from "../src/bot.js";
import { loadSlackConfig } from "../src/config.js";
import { createLogger, type Logger } from "../src/logger.js";
import { startTestSlack } from "../test/support/test-slack.js";
import { SIGNING_SECRET } from "../test/support/harness.js";
import { BENCH_PEOPLE, sqlite } from "./seed.js";

export interface StartupResult {
  type: "startup";
  startMs: number;
  firstHealthMs: number;
  rssBefore: number;
  rssAfter: number;
  heapUsedAfter: number;
  escalations: number;
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    })
      .on("error", reject)
      .end();
  });
}

async function main(): Promise<void> {
  const databasePath = process.argv[2];
  if (!databasePath) throw new Error("usage: startup-child.ts <database path>");
  const fake = await startTestSlack({ pageSize: 200, users: BENCH_PEOPLE });
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const config = loadSlackConfig({
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    PORT: "0",
    DATABASE_PATH: databasePath,
    LOG_LEVEL: "error",
  });
  const t0 = performance.now();
  // Production options (scheduler on, default pacing and polling); only the logger is quieted.
  const logger: Logger = createLogger({ level: "error", format: "json" });
  const bot = await startBot(config, { logger });
  const startMs = performance.now() - t0;
  const status = await get(`http://127.0.0.1:${bot.port}/healthz`);
  const firstHealthMs = performance.now() - t0;
  if (status !== 200) throw new Error(`/healthz answered ${status}`);
  const mem = process.memoryUsage();
  const escalations = ((await sqlite(bot.db)).prepare("SELECT count(*) AS n FROM escalations").get() as { n: number }).n;
  await bot.stop();
  await fake.stop();
  const result: StartupResult = {
    type: "startup",
    startMs,
    firstHealthMs,
    rssBefore,
    rssAfter: mem.rss,
    heapUsedAfter: mem.heapUsed,
    escalations,
  };
  process.send!(result, undefined, {}, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.send!({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, undefined, {}, () => process.exit(1));
});
