import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { and, asc, count, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabase, type TestDatabase } from "../support/db.js";
import { startTestSlack, type SlackEmulator } from "../support/test-slack.js";
import { escalationSubmission, playingSlack, SIGNING_SECRET } from "../support/harness.js";
import { slackSender } from "../support/signed-request.js";

/**
 * The real `npm start` entry point as a child process, killed with SIGKILL while requests are in
 * flight and started again on the same database: nothing acknowledged may be lost, nothing posted twice.
 */
const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = join(ROOT, "dist/main.js");

let fake: SlackEmulator;
let database: TestDatabase;

/**
 * Once per `npm test`, on SQLite: the built dist/ is what it runs. PostgreSQL's SIGKILL is
 * test/e2e/replicas.test.ts's.
 */
const onThisEngine = process.env.TEST_ENGINE !== "postgres";

beforeAll(async () => {
  if (!onThisEngine) return;
  // dist/ is built (again, if a source changed) by the run's global setup (test/support/build-global-setup.ts).
  fake = await startTestSlack();
  database = await testDatabase();
}, 120_000);

afterAll(async () => {
  await fake?.stop();
  await database?.drop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Child {
  process: ChildProcess;
  exited: Promise<unknown>;
}

async function startChild(port: number): Promise<Child> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: "xoxb-crash-test",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      PORT: String(port),
      ...database.env,
      LOG_LEVEL: "error",
      SCHEDULER_INTERVAL_MS: "1000",
    },
    stdio: "ignore",
  });
  const exited = new Promise((r) => child.once("exit", r));
  // Generous: start-up is well under a second alone, but CI runs the other test files alongside.
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { process: child, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the bot did not become healthy");
}

describe.skipIf(!onThisEngine)("kill -9 under load", () => {
  it("loses no escalation and posts none twice across repeated crashes", async () => {
    expect(existsSync(MAIN)).toBe(true);
    const viewIds = Array.from({ length: 12 }, (_, i) => `VCRASH${i}`);
    const rounds = [viewIds.slice(0, 4), viewIds.slice(4, 8), viewIds.slice(8, 12)];
    for (const round of rounds) {
      const port = await freePort();
      const child = await startChild(port);
      const slack = slackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, playingSlack(fake));
      // Fire the round's submissions and kill the process while they are being handled and sent.
      const inFlight = round.map((viewId) => slack.interaction(escalationSubmission({}, { viewId })).catch(() => undefined));
      await new Promise((r) => setTimeout(r, 150));
      child.process.kill("SIGKILL");
      await Promise.all(inFlight);
      await child.exited;
    }

    // Slack retries what it got no answer for: replay everything once more to a healthy process.
    const port = await freePort();
    const child = await startChild(port);
    const slack = slackSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, playingSlack(fake));
    for (const viewId of viewIds) await slack.interaction(escalationSubmission({}, { viewId }), { retryNum: 1 });
    // Posts to one channel are paced at about one a second.
    const deadline = Date.now() + 60_000;
    const postedIds = () => new Set(fake.posted("C0TIER2").filter((c) => !c.args.thread_ts).map((c) => String(c.args.text).slice(0, 8)));
    while (postedIds().size < viewIds.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    child.process.kill("SIGTERM");
    await child.exited;

    const db = await openTestDatabase(database);
    const { rows, pending } = await db.read(async ({ q, t }) => ({
      rows: await q.select({ id: t.escalations.id, submissionKey: t.escalations.submissionKey, messageTs: t.escalations.messageTs }).from(t.escalations).orderBy(asc(t.escalations.id)),
      pending: (await q.select({ n: count() }).from(t.outbox).where(and(ne(t.outbox.status, "sent"), eq(t.outbox.kind, "post_escalation"))))[0]?.n,
    }));
    await db.close();
    expect(rows.map((r) => r.submissionKey).sort()).toEqual([...viewIds].sort());
    expect(pending).toBe(0);
    // Every escalation posted, none twice (a crash after Slack took a post but before it was recorded
    // is caught by looking the post up before sending again).
    const posts = fake.posted("C0TIER2").filter((c) => !c.args.thread_ts);
    expect(postedIds().size).toBe(viewIds.length);
    expect(posts).toHaveLength(viewIds.length);
    expect(new Set(rows.map((r) => r.messageTs)).size).toBe(viewIds.length);
  }, 120_000);
});
