import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { runSql } from "../../src/db/dialect.js";
import { EscalationRepo } from "../../src/db/escalation-repo.js";
import { InstallationRepo, readSigningKey } from "../../src/db/installation-repo.js";
import { captureLogs } from "../support/log-capture.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../../src/policy/loader.js";
import { checkInstallation, startupClient } from "../../src/slack/installation-check.js";
import { ManualClock } from "../support/clock.js";
import { openTestDatabase, repoOn, selectSql, testDatabase, testDb, type TestDatabase } from "../support/db.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { BOT_ID, BOT_USER_ID, startTestSlack, TEST_TEAM_ID } from "../support/test-slack.js";

/**
 * A database that was lost, or belongs to another workspace, is noticed at start: said in the log
 * and on /healthz, and escalation ids continue above the highest one Slack still shows.
 */
const dir = mkdtempSync(join(tmpdir(), "escalation-installation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let journals = 0;
/** A workspace that outlives the bot: the emulator keeps it in a journal across restarts. */
const newJournal = () => join(dir, `slack-${journals++}.jsonl`);

const running: Harness[] = [];
/** Databases kept across restarts, dropped once their bots have stopped. */
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
  for (const d of databases.splice(0)) await d.drop();
});

async function keptDatabase(): Promise<TestDatabase> {
  const database = await testDatabase();
  databases.push(database);
  return database;
}

async function start(opts: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness(opts);
  running.push(h);
  return h;
}

async function stop(h: Harness): Promise<void> {
  running.splice(running.indexOf(h), 1);
  await h.stop();
}

async function health(h: Harness): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${h.baseUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Submits an escalation and waits for its channel post; returns the post's text. */
async function escalate(h: Harness, viewId: string): Promise<string> {
  await h.slack.interaction(escalationSubmission({}, { viewId }));
  const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-"));
  await h.bot.deliverer.drain();
  return String(post.args.text);
}

const installationLines = (h: Harness) => h.logs.filter((l) => l.includes("installation."));

describe("a database that was lost", () => {
  it("is noticed when Slack shows the bot's ESC-0042: the log and /healthz say so, and the next escalation is ESC-0043", async () => {
    const journal = newJournal();
    // The bot's earlier life in this workspace, as Slack keeps it.
    const before = await startTestSlack({ journalPath: journal });
    const post = (channel: string, at: string, text: string, user: string = BOT_USER_ID) =>
      before.workspace.post({ channel, ts: before.workspace.nextTs(Date.parse(at)), user, text, ...(user === BOT_USER_ID ? { botId: BOT_ID } : {}) });
    post("C0TIER1", "2026-01-09T08:00:00Z", "ESC-0041 Sev 3 · Medium — Initech: report totals are off");
    post("C0TIER2", "2026-01-10T09:30:00Z", "ESC-0042 Sev 2 · High — Acme Corp: Drivers cannot upload inspection photos");
    post("C0TIER2", "2026-01-10T09:40:00Z", "<@U0BOT> acknowledged ESC-0042 after 10 min");
    // A person may type any id; only the bot's own posts count.
    post("C0TIER2", "2026-01-11T10:00:00Z", "ESC-0999 is what the customer called it", "U0AGENT");
    // Nor does a channel the playbook does not name.
    before.addChannel({ id: "C0RANDOM", name: "random" });
    post("C0RANDOM", "2026-01-11T11:00:00Z", "ESC-0500 Sev 4 · Low — Elsewhere: not ours");
    await before.stop();

    const h = await start({ fake: { journalPath: journal } });

    const { status, body } = await health(h);
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, installation: "database_lost" });
    expect(body.problems).toContain(
      "The database looks new, but Slack shows ESC-0042 posted in #fleet-support-tier2 on 2026-01-10 09:30 UTC: " +
        "was the database file lost? Restore it from backup; new escalations continue from ESC-0043.",
    );
    const lines = installationLines(h);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR: installation\.database_lost highest=ESC-0042 next=ESC-0043 problem="The database looks new/);

    // The bot works on, and never hands out an id Slack still shows.
    expect(await escalate(h, "VNEW1")).toMatch(/^ESC-0043 /);
    expect(await h.bot.db.read(({ q, t }) => q.select({ id: t.escalations.id }).from(t.escalations))).toEqual([{ id: 43 }]);
    expect((await repoOn(h.bot.db, InstallationRepo).get())?.escalationIdFloor).toBe(43);
  });

  it("keeps ids above the floor across restarts, and a restart once escalations exist again is quiet", async () => {
    const journal = newJournal();
    const database = await keptDatabase();
    const before = await startTestSlack({ journalPath: journal });
    before.workspace.post({ channel: "C0SEC", ts: before.workspace.nextTs(Date.parse("2026-01-10T09:30:00Z")), user: BOT_USER_ID, botId: BOT_ID, text: "ESC-0007 Sev 1: restricted escalation opened" });
    await before.stop();

    // Found lost, then restarted before anyone escalated: still said, still above the floor.
    await stop(await start({ fake: { journalPath: journal }, database }));
    const again = await start({ fake: { journalPath: journal }, database });
    expect((await health(again)).body).toMatchObject({ ok: false, installation: "database_lost" });
    expect(await escalate(again, "VAFTER1")).toMatch(/^ESC-0008 /);
    await stop(again);

    // Escalations exist again: a normal start.
    const normal = await start({ fake: { journalPath: journal }, database });
    expect(await health(normal)).toMatchObject({ status: 200, body: { ok: true, installation: "ok" } });
    expect(installationLines(normal)).toEqual([]);
    expect(await escalate(normal, "VAFTER2")).toMatch(/^ESC-0009 /);
  });
});

describe("a normal start", () => {
  it("records the installation with a signing key; a restart on the same database warns of nothing and keeps both", async () => {
    const journal = newJournal();
    const database = await keptDatabase();
    const first = await start({ fake: { journalPath: journal }, database });
    expect(await health(first)).toMatchObject({ status: 200, body: { ok: true, installation: "ok" } });
    const marker = await repoOn(first.bot.db, InstallationRepo).get();
    expect(marker).toMatchObject({ id: 1, teamId: TEST_TEAM_ID, botUserId: BOT_USER_ID, escalationIdFloor: 1 });
    const key = await readSigningKey(first.bot.db);
    expect(key).toHaveLength(32);
    expect(await escalate(first, "VFIRST")).toMatch(/^ESC-0001 /);
    await stop(first);

    const second = await start({ fake: { journalPath: journal }, database });
    expect(await health(second)).toMatchObject({ status: 200, body: { ok: true, installation: "ok" } });
    expect(installationLines(second)).toEqual([]);
    // Nothing about the installation or the database (the test Slack's public #security-alerts has its own warning).
    expect(second.logs.filter((l) => / (WARN|ERROR)\b/.test(l) && !l.includes("restricted channel #security-alerts is public"))).toEqual([]);
    expect(await repoOn(second.bot.db, InstallationRepo).get()).toEqual(marker);
    expect((await readSigningKey(second.bot.db))?.equals(key!)).toBe(true);
    expect(await escalate(second, "VSECOND")).toMatch(/^ESC-0002 /);
  });

  it("gives each new database its own signing key", async () => {
    const a = await start({});
    const b = await start({});
    expect((await readSigningKey(a.bot.db))?.equals((await readSigningKey(b.bot.db))!)).toBe(false);
  });
});

describe("a database made for another workspace", () => {
  it("is unhealthy with the reason, naming both installations, and the bot does not crash", async () => {
    const database = await keptDatabase();
    const db = await openTestDatabase(database);
    await repoOn(db, InstallationRepo).create({ teamId: "T0ACME", botUserId: "U0OLDBOT", createdAt: 0 });
    await db.close();

    const h = await start({ database });
    const { status, body } = await health(h);
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, installation: "other_installation" });
    const problem = (body.problems as string[]).find((p) => p.includes("another Slack installation"));
    expect(problem).toContain(`made for team T0ACME (bot user U0OLDBOT), but SLACK_BOT_TOKEN is for team ${TEST_TEAM_ID} (bot user ${BOT_USER_ID})`);
    const lines = installationLines(h);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`ERROR: installation\\.other_installation database_team=T0ACME database_bot=U0OLDBOT slack_team=${TEST_TEAM_ID} slack_bot=${BOT_USER_ID} `),
    );
    // The marker is left as it was, for a person to decide; requests are still answered.
    expect(await repoOn(h.bot.db, InstallationRepo).get()).toMatchObject({ teamId: "T0ACME", botUserId: "U0OLDBOT" });
    expect((await h.slack.slashCommand({ text: "help" })).status).toBe(200);
  });
});

describe("a Slack that does not answer at start", () => {
  it("leaves the check undone with the reason, said in the log, and records nothing", async () => {
    const fake = await startTestSlack();
    try {
      fake.fail("auth.test", { status: 500, times: Number.POSITIVE_INFINITY });
      const db = await testDb();
      const { logger, lines: logs } = captureLogs();
      const state = await checkInstallation({ client: startupClient("xoxb-test-token", fake.url, logger), db, policy: loadPolicyFile(DEFAULT_POLICY_FILE), clock: new ManualClock(), logger });
      expect(state).toMatchObject({ kind: "unchecked", problem: expect.stringMatching(/^Could not check which Slack workspace this database belongs to \(.*500/) });
      expect(logs.filter((l) => l.includes("WARN: installation.unchecked "))).toHaveLength(1);
      expect(await repoOn(db, InstallationRepo).get()).toBeUndefined();
      expect(await readSigningKey(db)).toBeUndefined();
      await db.close();
    } finally {
      await fake.stop();
    }
  });
});

/** The last escalation id handed out (the next is one above it), as each engine counts them. */
async function lastId(db: Db): Promise<number | undefined> {
  return db.read(async (tx) => {
    if (tx.engine === "sqlite") return (await selectSql<{ seq: number }>(tx, sql`SELECT seq FROM sqlite_sequence WHERE name = 'escalations'`))[0]?.seq;
    const [seq] = await selectSql<{ last_value: string; is_called: boolean }>(tx, sql`SELECT last_value, is_called FROM escalations_id_seq`);
    return seq && Number(seq.last_value) - (seq.is_called ? 0 : 1);
  });
}

/** Ids up to `id` were handed out already (by inserts since deleted, say). */
function handOutIdsUpTo(db: Db, id: number): Promise<void> {
  return db.transaction((tx) =>
    runSql(tx, tx.engine === "sqlite" ? sql`UPDATE sqlite_sequence SET seq = ${id} WHERE name = 'escalations'` : sql`SELECT setval('escalations_id_seq', ${id}, true)`),
  );
}

describe("the escalation id floor", () => {
  it("is raised, never lowered, and the id sequence follows it without going back", async () => {
    const db = await testDb();
    const installations = repoOn(db, InstallationRepo);
    const repo = repoOn(db, EscalationRepo);
    await installations.create({ teamId: "T1", botUserId: "U1", createdAt: 0 });
    await installations.raiseEscalationIdFloor(43);
    await installations.raiseEscalationIdFloor(10);
    expect((await installations.get())?.escalationIdFloor).toBe(43);

    await repo.keepIdsAtOrAbove(43);
    expect(await lastId(db)).toBe(42);
    await repo.keepIdsAtOrAbove(10);
    expect(await lastId(db)).toBe(42);
    // Ids handed out past the floor already: left alone.
    await handOutIdsUpTo(db, 100);
    await repo.keepIdsAtOrAbove(43);
    expect(await lastId(db)).toBe(100);
    await db.close();
  });
});
