import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import { repoOn } from "../support/db.js";

/**
 * A database written before a migration upgrades with its data intact: the first release's schema
 * (migration 0000) with pending outbox rows, then the bot's start-up applies what came since.
 */
const MIGRATIONS = new URL("../../migrations/sqlite/", import.meta.url).pathname;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "migrations-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database at migration `tag` and no further, as that release left it. */
function databaseAt(tag: string): string {
  const folder = join(dir, "migrations");
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string; idx: number }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === tag);
  const kept = journal.entries.slice(0, upTo + 1);
  for (const e of kept) cpSync(join(MIGRATIONS, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries: kept }));
  const path = join(dir, "old.db");
  const sqlite = new Database(path);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  sqlite.close();
  return path;
}

const ESCALATION_COLUMNS = {
  submission_key: "V1", severity: "sev2", suggested_severity: "sev2", category: "general", suggested_category: "general", level: "tier2",
  channel: "#Fleet-Support-Tier2", channels: '["#Fleet-Support-Tier2","#fleet-engineering"]', notify: "[]", cc: "[]", flags: "[]", reasons: "[]",
  fields: "{}", customer: "Acme", tier: "standard", summary: "Uploads fail", clock: "24x7", first_response_due: 1, resolution_due: 2,
  level_since: 0, reporter_id: "U0AGENT", created_at: 0,
};

// SQLite's own migrations (migrations/sqlite), from databases that earlier releases left on disk.
describe.skipIf(process.env.TEST_ENGINE === "postgres")("migrations", () => {
  it("0001 puts every pending row of the first release in its destination's queue", async () => {
    const path = databaseAt("0000_init");
    const old = new Database(path);
    const cols = Object.keys(ESCALATION_COLUMNS);
    old.prepare(`INSERT INTO escalations (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`).run(...Object.values(ESCALATION_COLUMNS));
    const row = old.prepare("INSERT INTO outbox (dedupe_key, escalation_id, kind, payload, next_attempt_at, created_at) VALUES (?, 1, ?, ?, 0, 0)");
    row.run("post:1", "post_escalation", '{"kind":"post_escalation"}');
    row.run("crosspost:1:#fleet-engineering", "crosspost", '{"kind":"crosspost","channel":"#fleet-engineering"}');
    row.run("confirm:1", "confirm_reporter", '{"kind":"confirm_reporter","userId":"U0AGENT","channelId":null}');
    row.run("dm:1:support-manager", "dm_role", '{"kind":"dm_role","eventId":1,"role":"support-manager"}');
    old.close();

    const db = await openDatabase({ engine: "sqlite", path });
    try {
      const repo = repoOn(db, OutboxRepo);
      const queues = Object.fromEntries(await Promise.all(["post:1", "crosspost:1:#fleet-engineering", "confirm:1", "dm:1:support-manager"].map(async (k) => [k, (await repo.findByDedupeKey(k))?.queue] as const)));
      expect(queues).toEqual({
        "post:1": "channel:fleet-support-tier2",
        "crosspost:1:#fleet-engineering": "channel:fleet-engineering",
        "confirm:1": "user:U0AGENT",
        "dm:1:support-manager": "role:support-manager",
      });
      expect((await repo.nextInQueue("channel:fleet-support-tier2", 1))?.dedupeKey).toBe("post:1");
      expect((await repo.findByDedupeKey("post:1"))?.payload).toEqual({ kind: "post_escalation" });
    } finally {
      await db.close();
    }
  });

  it("0002 gives rows for a channel named by its id that id's queue, as written by 0001 in lower case", async () => {
    const path = databaseAt("0001_delivery_queues");
    const old = new Database(path);
    const cols = Object.keys(ESCALATION_COLUMNS);
    old.prepare(`INSERT INTO escalations (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`).run(...Object.values({ ...ESCALATION_COLUMNS, channel: "C0TIER2" }));
    const row = old.prepare("INSERT INTO outbox (dedupe_key, escalation_id, kind, payload, next_attempt_at, created_at, queue, status) VALUES (?, 1, ?, ?, 0, 0, ?, ?)");
    row.run("post:1", "post_escalation", '{"kind":"post_escalation"}', "channel:c0tier2", "pending");
    row.run("crosspost:1:C0ENG", "crosspost", '{"kind":"crosspost","channel":"C0ENG"}', "channel:c0eng", "held");
    row.run("crosspost:1:#fleet-management", "crosspost", '{"kind":"crosspost","channel":"#fleet-management"}', "channel:fleet-management", "pending");
    row.run("refresh:1:1", "refresh_escalation", '{"kind":"refresh_escalation"}', "channel:c0tier2", "sent");
    old.close();

    const db = await openDatabase({ engine: "sqlite", path });
    try {
      const repo = repoOn(db, OutboxRepo);
      const queues = Object.fromEntries(await Promise.all(["post:1", "crosspost:1:C0ENG", "crosspost:1:#fleet-management", "refresh:1:1"].map(async (k) => [k, (await repo.findByDedupeKey(k))?.queue] as const)));
      expect(queues).toEqual({
        "post:1": "channel:C0TIER2",
        "crosspost:1:C0ENG": "channel:C0ENG",
        "crosspost:1:#fleet-management": "channel:fleet-management",
        "refresh:1:1": "channel:c0tier2", // sent: nothing left to route
      });
    } finally {
      await db.close();
    }
  });
});
