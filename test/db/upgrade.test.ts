import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/db/connection.js";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import { deliveryQueue, type OutboxIntent } from "../../src/domain/outbox-intent.js";
import { severityRank } from "../../src/domain/playbook/lookup.js";
import { ClockService } from "../../src/services/clock-service.js";
import { DeliveryBookkeeping } from "../../src/services/delivery-bookkeeping.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { repoOn } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { manager } from "../support/actors.js";

/**
 * A database written by the released bot (v0.1.0: commit da3880d, migrations 0000–0002, made by
 * test/fixtures/make-released-db.sh through that version's own services) opens in today's bot with
 * every row as it was, today's schema, and escalations today's services can carry on with.
 */
const FIXTURE = fileURLToPath(new URL("../fixtures/released-v0.1.0.db", import.meta.url));
const MIGRATIONS = fileURLToPath(new URL("../../migrations/sqlite/", import.meta.url));
const manifest = JSON.parse(readFileSync(join(MIGRATIONS, "released.json"), "utf8")) as { files: Record<string, string>; journal: { tag: string; when: number }[] };

type Row = Record<string, unknown>;
interface Table {
  columns: string[];
  rows: Row[];
}

/** Every table's columns and rows (in rowid order), read with plain better-sqlite3. */
function dump(path: string): Map<string, Table> {
  const sqlite = new Database(path);
  try {
    const names = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return new Map(
      names.map((name) => {
        const columns = (sqlite.pragma(`table_info("${name}")`) as { name: string }[]).map((c) => c.name);
        return [name, { columns, rows: sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Row[] }];
      }),
    );
  } finally {
    sqlite.close();
  }
}

/** Tables and indexes as SQLite stores their definitions. */
function schema(path: string): Row[] {
  const sqlite = new Database(path);
  try {
    return sqlite.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all() as Row[];
  } finally {
    sqlite.close();
  }
}

const pick = (row: Row, columns: readonly string[]): Row => Object.fromEntries(columns.map((c) => [c, row[c]]));
const rowsOf = (tables: Map<string, Table>, name: string): Row[] => tables.get(name)?.rows ?? [];

let dir: string;
let path: string;
let released: Map<string, Table>;
let db: Db | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "upgrade-"));
  path = join(dir, "escalations.db");
  copyFileSync(FIXTURE, path);
  released = dump(path);
});
afterEach(async () => {
  await db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the copy as the bot does at start-up, which migrates it to the latest. */
const upgrade = async (): Promise<Db> => (db = await openDatabase({ engine: "sqlite", path }));

// The released bot ran on SQLite only: its file is upgraded by migrations/sqlite.
describe.skipIf(process.env.TEST_ENGINE === "postgres")("a database written by the released version (v0.1.0)", () => {
  it("is the release's own: its three migrations as released, and some of everything the bot keeps", () => {
    expect(rowsOf(released, "__drizzle_migrations")).toEqual(
      manifest.journal.slice(0, 3).map((e) => ({ id: null, hash: manifest.files[`${e.tag}.sql`], created_at: e.when })),
    );
    expect(released.get("escalations")?.columns).not.toContain("also_categories");
    expect(released.has("installation")).toBe(false);

    const escalations = rowsOf(released, "escalations");
    expect(new Set(escalations.map((e) => e.severity))).toEqual(new Set(["sev1", "sev2", "sev3", "sev4"]));
    expect(new Set(escalations.map((e) => e.category)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(escalations.map((e) => e.status))).toEqual(new Set(["open", "acknowledged", "resolved"]));
    expect(escalations.filter((e) => e.restricted === 1).map((e) => e.category)).toEqual(["security"]);
    expect(new Set(rowsOf(released, "outbox").map((r) => r.status))).toEqual(new Set(["pending", "held", "sent", "failed"]));
    const kinds = new Set(rowsOf(released, "timeline_events").map((e) => e.kind));
    for (const kind of ["opened", "acknowledged", "progress_update", "snoozed", "escalated", "resolved", "delivery_failed", "update_reminder", "ack_missed"]) {
      expect(kinds, kind).toContain(kind);
    }
    expect(rowsOf(released, "timers").length).toBeGreaterThan(0);
    expect(rowsOf(released, "leases").map((l) => l.name)).toContain("scheduler");
  });

  it("upgrades to exactly the schema a new database gets, running the migrations released after it and the new ones", async () => {
    await (await upgrade()).close();
    db = undefined;
    const fresh = join(dir, "fresh.db");
    await (await openDatabase({ engine: "sqlite", path: fresh })).close();
    expect(schema(path)).toEqual(schema(fresh));
    const applied = rowsOf(dump(path), "__drizzle_migrations").map((m) => m.hash);
    // Every released migration, in order, then those not released yet (a fresh database runs the same).
    expect(applied.slice(0, manifest.journal.length)).toEqual(manifest.journal.map((e) => manifest.files[`${e.tag}.sql`]));
    expect(applied).toEqual(rowsOf(dump(fresh), "__drizzle_migrations").map((m) => m.hash));
  });

  it("keeps every row of every released table, column by column", async () => {
    await upgrade();
    const upgraded = dump(path);
    for (const [name, before] of released) {
      const after = upgraded.get(name);
      expect(after, `table ${name}`).toBeDefined();
      expect(after!.columns.slice(0, before.columns.length), `columns of ${name}`).toEqual(before.columns);
      const kept = after!.rows.map((row) => pick(row, before.columns));
      // The migrations table gains a row per migration run; every other table is untouched.
      if (name === "__drizzle_migrations") expect(kept.slice(0, before.rows.length), name).toEqual(before.rows);
      else expect(kept, `rows of ${name}`).toEqual(before.rows);
    }
  });

  it("gives the new columns their defaults, and every message keeps a queue and priority today's code agrees with", async () => {
    await upgrade();
    const upgraded = dump(path);
    const escalations = rowsOf(upgraded, "escalations");
    for (const e of escalations) expect(pick(e, ["id", "also_categories", "flags_done"])).toEqual({ id: e.id, also_categories: "[]", flags_done: "[]" });
    expect(rowsOf(upgraded, "installation")).toEqual([]);
    expect(rowsOf(upgraded, "request_receipts")).toEqual([]);

    const byId = new Map(escalations.map((e) => [e.id, e]));
    for (const row of rowsOf(upgraded, "outbox")) {
      const esc = byId.get(row.escalation_id)!;
      expect(row.priority, `priority of ${String(row.dedupe_key)}`).toBe(severityRank(fleetPolicy, esc.severity as string));
      // Still to be sent: today's deliverer must find it in the queue it sends that message from.
      if (row.status === "pending" || row.status === "held") {
        expect(row.queue, `queue of ${String(row.dedupe_key)}`).toBe(deliveryQueue(JSON.parse(row.payload as string) as OutboxIntent, esc.channel as string));
      }
    }
  });

  describe("today's services carry on with the upgraded escalations", () => {
    // The fixture's last write was at 2026-01-16T00:00Z; the bot comes back an hour later.
    let clock: ManualClock;
    let service: EscalationService;
    beforeEach(async () => {
      clock = new ManualClock(Date.parse("2026-01-16T01:00:00Z"));
      service = new EscalationService({ db: await upgrade(), clock, policy: fleetPolicy });
    });

    it("reads them whole: the restricted security escalation, its timeline, the open list", async () => {
      expect(await service.get(1)).toMatchObject({
        id: 1,
        status: "acknowledged",
        severity: "sev1",
        category: "security",
        restricted: true,
        channel: "#security-alerts",
        channels: expect.arrayContaining(["#security-alerts", "#fleet-engineering"]) as string[],
        alsoCategories: [],
        flagsDone: [],
        acknowledgedBy: "U0SECOPS",
        messageChannelId: "C0SECALRT",
        customerContact: "ops@northwind.example",
      });
      const status = await service.status(2, 50);
      expect(status?.escalation).toMatchObject({ status: "resolved", resolvedBy: "U0ENG1", rootCause: "Memory leak after deploy" });
      expect(status?.events.map((e) => e.kind)).toEqual(["resolved", "acknowledged", "snoozed", "escalated", "acknowledged", "opened"]);
      expect(status?.events.find((e) => e.kind === "escalated")?.detail).toMatchObject({ trigger: "manual", reason: expect.stringContaining("Needs a backend fix") as string });
      const open = await service.listOpen(10);
      expect(open.total).toBe(4);
      expect(open.rows.map((e) => e.id).sort()).toEqual([1, 3, 4, 5]);
    });

    it("acknowledge, update, escalate and resolve work on them, and refuse what they should", async () => {
      expect(await service.acknowledge(3, manager("U0MGR1"))).toMatchObject({ kind: "acknowledged", escalation: { id: 3, status: "acknowledged", acknowledgedBy: "U0MGR1" } });
      expect(await service.acknowledge(1, manager("U0OTHER"))).toMatchObject({ kind: "already_acknowledged", escalation: { acknowledgedBy: "U0SECOPS" } });
      expect((await service.acknowledge(2, manager("U0OTHER"))).kind).toBe("already_resolved");
      expect(await service.postUpdate(5, manager("U0ENG2"), { status: "Restoring from backup", done: "Found the sync bug", customerVisible: false })).toMatchObject({
        kind: "done",
        escalation: { lastUpdateBy: "U0ENG2", lastUpdateAt: clock.now() },
      });
      expect(await service.escalate(4, manager("U0TIER2B"), undefined, "Design partner asks for it")).toMatchObject({ kind: "done", escalation: { id: 4, level: "tier3" } });
      expect(await service.resolve(1, manager("U0SECOPS"), { resolution: "Tokens revoked, access audited", rootCause: "Session cache keyed by fleet name" })).toMatchObject({
        kind: "resolved",
        escalation: { status: "resolved", resolvedBy: "U0SECOPS", resolvedAt: clock.now() },
      });
      expect(await service.resolve(2, manager("U0OTHER"), { resolution: "again", rootCause: "?" })).toMatchObject({ kind: "already_resolved", escalation: { resolvedBy: "U0ENG1" } });
      // The resolved escalation's clocks stop but the end of its reopen window; its Slack message is refreshed in its own queue.
      expect(rowsOf(dump(path), "timers").filter((t) => t.escalation_id === 1).map((t) => t.kind)).toEqual(["reopen_closes"]);
      expect(await repoOn(db!, OutboxRepo).findByDedupeKey(`refresh:1:${(await service.status(1, 1))!.events[0]!.id}`)).toMatchObject({ status: "pending", queue: "channel:security-alerts", priority: 0 });
    });

    it("the released messages still go out in order, and a new escalation takes the next id", async () => {
      const outbox = repoOn(db!, OutboxRepo);
      const delivery = new DeliveryBookkeeping(db!, fleetPolicy, clock);
      // Escalation 4's post never went out, and its confirmation waits for it; once posted, it goes.
      expect((await outbox.findByDedupeKey("confirm:4"))?.status).toBe("held");
      const post = await outbox.nextInQueue("channel:fleet-support-tier2", clock.now());
      expect(post?.dedupeKey).toBe("post:4");
      await delivery.posted(post!, 4, { channel: "C0TIER2", ts: "1768525200.000100" });
      expect(await service.get(4)).toMatchObject({ messageChannelId: "C0TIER2", messageTs: "1768525200.000100" });
      expect((await outbox.nextInQueue("user:U0AGENT3", clock.now()))?.dedupeKey).toBe("confirm:4");
      // The rate-limited notice goes first in its queue, once its retry is due.
      expect(await outbox.nextInQueue("channel:security-alerts", clock.now())).toMatchObject({ dedupeKey: "notice:15", attempts: 2, lastError: "ratelimited" });

      const opened = await service.open({
        input: { customer: "Hooli", tier: "enterprise", severity: "sev2", summary: "Driver app crashes on login", fields: {} },
        reporterId: "U0AGENT1",
        reporterChannelId: "C0SUPPORT",
        submissionKey: "V-AFTER-UPGRADE",
      });
      expect(opened).toMatchObject({ kind: "created", escalation: { id: 6 } });
      // Ids and dedupe keys go on from the released rows' (post:6, not a clash with post:1).
      expect(await outbox.findByDedupeKey("post:6")).toMatchObject({ escalationId: 6, status: "pending", createdAt: clock.now() });
    });

    it("the scheduler takes over the released lease and runs the released timers", async () => {
      const clocks = new ClockService({ db: db!, clock, policy: fleetPolicy, holder: "new-host:1", leaseTtlMs: 15_000 });
      clock.set("2026-01-16T03:00:00Z");
      const tick = await clocks.tick();
      expect(tick.leader).toBe(true);
      expect(tick.actions.map((a) => `${a.escalationId} ${a.timer}`).sort()).toEqual(["1 update", "4 level_budget", "5 update"]);
      expect(rowsOf(dump(path), "leases").find((l) => l.name === "scheduler")).toEqual({ name: "scheduler", holder: "new-host:1", expires_at: clock.now() + 15_000 });
    });
  });
});
