import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../src/sandbox/manifest.js";
import { escalationSubmission, playingSlack, SIGNING_SECRET } from "../support/harness.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";
import { startRoundRobinProxy } from "../support/round-robin-proxy.js";
import { slackSender } from "../support/signed-request.js";
import { startTestSlack, type SlackEmulator } from "../support/test-slack.js";

/**
 * Three bot processes on one PostgreSQL database behind a round-robin load balancer that sends
 * every Slack request to four replicas in turn, and the scheduler's leader killed with SIGKILL half
 * way: every escalation is stored once, every Slack message is posted once, reminders are not
 * doubled, and another replica takes the scheduler over within its lease.
 */
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const REPLICAS = 3;
const COPIES = 4;
const ESCALATIONS = 24;
const SCHEDULER_INTERVAL_MS = 250;
/** bot.ts: a leader that stops renewing is replaced after max(3 intervals, 5 s). */
const SCHEDULER_LEASE_MS = Math.max(3 * SCHEDULER_INTERVAL_MS, 5_000);

interface Replica {
  child: ChildProcess;
  url: string;
  alive: boolean;
  log: string[];
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  // The build, as operators run it (the run's global setup brings dist/ up to date first).
  const child = spawn(process.execPath, ["dist/main.js"], { cwd: REPO, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${log.join("")}`)), 30_000);
    const read = (chunk: Buffer) => {
      log.push(chunk.toString());
      // Not a terminal: the replica logs JSON lines, as in production.
      const ready = /"port":(\d+),.*"msg":"escalation bot ready"/.exec(log.join(""));
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => reject(new Error(`replica exited with ${code}:\n${log.join("")}`)));
  });
  const replica = { child, url: `http://127.0.0.1:${port}`, alive: true, log };
  child.once("exit", () => (replica.alive = false));
  return replica;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(process.env.TEST_ENGINE !== "postgres")("several replicas on one PostgreSQL database", () => {
  let fake: SlackEmulator;
  let database: TestDatabase;
  let sql: pg.Pool;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    fake = await startTestSlack({ botEvents: readManifest().botEvents });
    database = await createTestDatabase();
    sql = new pg.Pool({ connectionString: database.url, max: 2 });
    const env = {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      DATABASE_URL: database.url,
      PORT: "0",
      LOG_LEVEL: "info",
      METADATA_SIGNING_KEY: "replica-test-signing-key-0123456789abcdef",
      SCHEDULER_INTERVAL_MS: String(SCHEDULER_INTERVAL_MS),
    };
    // One after another: the first creates the tables; the others find them (and would wait on the
    // migration lock if they came at once).
    for (let i = 0; i < REPLICAS; i++) replicas.push(await startReplica(env));
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) if (r.alive) r.child.kill("SIGTERM");
    await Promise.all(replicas.map((r) => (r.alive ? new Promise((res) => r.child.once("exit", res)) : undefined)));
    await sql?.end();
    await database?.drop();
    await fake?.stop();
  }, 60_000);

  it("stores each escalation once, posts each message once, and keeps reminders single through a SIGKILL", async () => {
    const proxy = await startRoundRobinProxy(() => replicas.filter((r) => r.alive).map((r) => r.url), COPIES);
    const slack = slackSender(`${proxy.url}/slack/events`, SIGNING_SECRET, playingSlack(fake));
    const submit = async (from: number, to: number) => {
      for (let i = from; i < to; i += 4) {
        await Promise.all(
          Array.from({ length: Math.min(4, to - i) }, (_, k) =>
            slack.interaction(escalationSubmission({ severity: "sev2", summary: `Replica check ${i + k}: drivers cannot upload photos` }, { viewId: `VREPLICA${i + k}` })),
          ),
        );
      }
    };
    const scalar = async (query: string): Promise<number> => Number((await sql.query(query)).rows[0].n);

    await submit(0, ESCALATIONS / 2);

    // The scheduler's leader dies without a word, in the middle of the traffic.
    const leader = await until("a scheduler leader", async () => (await sql.query("SELECT holder FROM leases WHERE name = 'scheduler'")).rows[0]?.holder as string | undefined, 10_000);
    const victim = replicas.find((r) => leader.split(":")[1] === String(r.child.pid))!;
    expect(victim).toBeDefined();
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    await submit(ESCALATIONS / 2, ESCALATIONS);

    const newLeader = await until(
      "another replica to take the scheduler over",
      async () => {
        const holder = (await sql.query("SELECT holder FROM leases WHERE name = 'scheduler'")).rows[0]?.holder as string | undefined;
        return holder && holder !== leader ? holder : undefined;
      },
      SCHEDULER_LEASE_MS + 10_000,
    );
    const takeoverMs = Date.now() - killedAt;
    expect(newLeader).not.toBe(leader);
    expect(takeoverMs).toBeLessThanOrEqual(SCHEDULER_LEASE_MS + 4 * SCHEDULER_INTERVAL_MS + 2_000);

    // Every escalation once.
    expect(await scalar("SELECT count(*) AS n FROM escalations")).toBe(ESCALATIONS);
    expect(await scalar("SELECT count(DISTINCT submission_key) AS n FROM escalations")).toBe(ESCALATIONS);

    // Reminders due now for a third of them (each reminder is two paced messages in one channel):
    // each is handled once, by whichever replica leads.
    expect(await scalar("SELECT count(*) AS n FROM timers WHERE kind = 'update'")).toBe(ESCALATIONS);
    const reminders = ESCALATIONS / 3;
    await sql.query("UPDATE timers SET due_at = $1 WHERE kind = 'update' AND escalation_id <= $2", [Date.now() - 1_000, reminders]);
    await until("every reminder", async () => ((await scalar("SELECT count(*) AS n FROM timeline_events WHERE kind = 'update_reminder'")) >= reminders ? true : undefined), 20_000);

    // Everything written is sent: a lane the dead replica held is taken over when its hold runs out,
    // then its messages go at Slack's pace of one a second per channel.
    await until("the outbox to empty", async () => ((await scalar("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'held')")) === 0 ? true : undefined), 90_000).catch(
      async (err: Error) => {
        const left = await sql.query("SELECT id, kind, queue, status, attempts, last_error, next_attempt_at FROM outbox WHERE status IN ('pending', 'held') ORDER BY id LIMIT 20");
        const leases = await sql.query("SELECT * FROM leases");
        const logs = replicas.map((r) => `--- replica ${r.child.pid} (${r.alive ? "alive" : "dead"})\n${r.log.join("").split("\n").slice(-25).join("\n")}`).join("\n");
        throw new Error(`${err.message}: ${JSON.stringify(left.rows.slice(0, 3))}\nleases ${JSON.stringify(leases.rows)}\nnow ${Date.now()}\n${logs}`);
      },
    );
    // A few more ticks and polls: nothing comes twice late.
    await new Promise((r) => setTimeout(r, 8 * SCHEDULER_INTERVAL_MS));

    const remindersSent = await scalar("SELECT count(*) AS n FROM timeline_events WHERE kind = 'update_reminder'");
    const posts = fake.posted();
    const keys = posts.map((p) => (p.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key).filter((k): k is string => !!k);
    const duplicates = keys.length - new Set(keys).size;
    const outboxRows = await scalar("SELECT count(*) AS n FROM outbox");
    const mainPosts = keys.filter((k) => k.startsWith("post:")).length;
    // Lost: written but never sent; failed: Slack refused it for good (told to the reporter).
    const lost = await scalar("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'held')");
    const failed = await scalar("SELECT count(*) AS n FROM outbox WHERE status = 'failed'");
    // The figures for the record (README "Running several replicas").
    console.log(
      `replicas: requests=${proxy.stats.requests} replays=${proxy.stats.replays} unreachable=${proxy.stats.unreachable} kills=1 ` +
        `takeover_ms=${takeoverMs} stored=${await scalar("SELECT count(*) AS n FROM escalations")} posted=${mainPosts} ` +
        `messages=${keys.length} outbox_rows=${outboxRows} duplicates=${duplicates} lost=${lost} failed=${failed} reminders=${remindersSent}`,
    );
    expect(remindersSent).toBe(reminders);
    expect(mainPosts).toBe(ESCALATIONS);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(failed).toBe(0);
    await proxy.stop();
  }, 180_000);
});
