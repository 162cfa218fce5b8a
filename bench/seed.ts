/**
 * Builds benchmark databases quickly: one escalation is opened through the real EscalationService on a
 * scratch database to get realistic rows, then copies of them are bulk-inserted with raw better-sqlite3
 * statements in one transaction. Every seeded escalation is open, already posted (its outbox rows are
 * sent), has its first timeline event and all its timers, each due far in the future.
 */
import { randomBytes } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import { EMULATOR_IDS } from "../src/sandbox/identity.js";
import { openDatabase, type Db } from "../src/db/connection.js";
import type { EscalationInput } from "../src/domain/escalation.js";
import type { Policy } from "../src/domain/playbook/model.js";
import { EscalationService } from "../src/services/escalation-service.js";
import { ManualClock } from "../test/support/clock.js";

export const BENCH_NOW = Date.parse("2026-01-15T16:00:00Z"); // a Thursday, 08:00 Pacific: Tier 2 hours
const DAY = 86_400_000;
/** Seeded escalations were opened over this many days before BENCH_NOW. */
export const BENCH_SEED_DAYS = 30;

/** When seeded timers fall due: far ahead of both the fixed clock and the real one (start-up runs on the system clock). */
export const farFuture = (): number => Math.max(BENCH_NOW, Date.now()) + 365 * DAY;

export const SAMPLE_INPUT: EscalationInput = {
  customer: "Acme Corp",
  tier: "enterprise",
  severity: "sev2",
  summary: "Drivers cannot upload inspection photos (NET-002)",
  impact: "10 drivers blocked from daily inspections",
  fields: {},
};

type Row = Record<string, unknown>;

/** Where the seeded escalations were posted (#fleet-support-tier2, as the sample is routed). */
export const SEEDED_MESSAGE_CHANNEL = "C0TIER2";

/** The `ts` of seeded escalation `id`'s post; an emulator can be given these messages to match. */
export const seededMessageTs = (id: number): string => `${1_600_000_000 + id}.000100`;

/**
 * A benchmark database (SQLite, as the benchmarks measure it): the bot's Db over it, and the
 * better-sqlite3 connection under that Db for the benchmark's own SQL. Raw statements run between
 * the Db's transactions, never while one of them is under way.
 */
export interface BenchDb {
  db: Db;
  client: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Opens (creating and migrating) the SQLite database at `path`. */
export async function openBenchDb(path: string): Promise<BenchDb> {
  const db = await openDatabase({ engine: "sqlite", path });
  return { db, client: await sqlite(db), close: () => db.close() };
}

/** The better-sqlite3 connection under a SQLite Db (its drizzle builder keeps it as `$client`). */
export function sqlite(db: Db): Promise<BetterSqlite3.Database> {
  if (db.engine !== "sqlite") throw new Error(`the benchmarks read SQLite, not ${db.engine}`);
  return db.read(async (tx) => (tx.q as unknown as { $client: BetterSqlite3.Database }).$client);
}

async function sampleRows(policy: Policy): Promise<{ escalation: Row; timeline: Row[]; outbox: Row[]; timers: Row[] }> {
  const scratch = await openBenchDb(":memory:");
  try {
    const service = new EscalationService({ db: scratch.db, clock: new ManualClock(BENCH_NOW), policy });
    await service.open({ input: SAMPLE_INPUT, reporterId: "U0AGENT", reporterChannelId: "C0TIER1", submissionKey: "VSAMPLE" });
    const c = scratch.client;
    return {
      escalation: c.prepare("SELECT * FROM escalations").get() as Row,
      timeline: c.prepare("SELECT * FROM timeline_events").all() as Row[],
      outbox: c.prepare("SELECT * FROM outbox").all() as Row[],
      timers: c.prepare("SELECT * FROM timers").all() as Row[],
    };
  } finally {
    await scratch.close();
  }
}

function insertSql(table: string, columns: string[]): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;
}

export interface SeedResult {
  escalations: number;
  timers: number;
  ms: number;
}

/** Creates (migrating) the database at `path` and inserts `count` open escalations with their rows. */
export async function seedDatabase(path: string, count: number, policy: Policy): Promise<SeedResult> {
  const sample = await sampleRows(policy);
  const handle = await openBenchDb(path);
  const client = handle.client;
  const started = performance.now();
  try {
    const escCols = Object.keys(sample.escalation);
    const tlCols = Object.keys(sample.timeline[0]!).filter((c) => c !== "id");
    const obCols = Object.keys(sample.outbox[0]!).filter((c) => c !== "id");
    const insertEsc = client.prepare(insertSql("escalations", escCols));
    const insertTl = client.prepare(insertSql("timeline_events", tlCols));
    const insertOb = client.prepare(insertSql("outbox", obCols));
    const insertTimer = client.prepare(`INSERT INTO timers (escalation_id, kind, due_at) VALUES (?, ?, ?)`);
    let timers = 0;
    const due = farFuture();
    client.transaction(() => {
      for (let id = 1; id <= count; id++) {
        // Opened over the last 30 days; clocks pushed far into the future so none is due.
        const createdAt = BENCH_NOW - ((id * 7919) % (BENCH_SEED_DAYS * DAY));
        insertEsc.run({
          ...sample.escalation,
          id,
          submission_key: `VSEED${id}`,
          created_at: createdAt,
          level_since: createdAt,
          message_channel_id: SEEDED_MESSAGE_CHANNEL,
          message_ts: seededMessageTs(id),
        });
        for (const t of sample.timeline) insertTl.run({ ...t, escalation_id: id, at: createdAt });
        for (const o of sample.outbox) {
          const kind = String(o.kind);
          insertOb.run({
            ...o,
            escalation_id: id,
            dedupe_key: String(o.dedupe_key).replace(/\d+$/, String(id)),
            status: "sent",
            attempts: 0,
            created_at: createdAt,
            next_attempt_at: createdAt,
            sent_at: createdAt + 500 + (kind === "confirm_reporter" ? 500 : 0),
          });
        }
        sample.timers.forEach((t, k) => {
          insertTimer.run(id, t.kind, due + id * 1_000 + k);
          timers++;
        });
      }
    })();
    // The installation the seeded posts were made under, recorded before them (as on a database this
    // version wrote): the bot's start then finds nothing to re-render and signs with this key.
    client
      .prepare("INSERT INTO installation (id, team_id, bot_user_id, created_at, escalation_id_floor, signing_key) VALUES (1, ?, ?, 0, 1, ?)")
      .run(EMULATOR_IDS.teamId, EMULATOR_IDS.botUserId, randomBytes(32).toString("hex"));
    client.pragma("wal_checkpoint(TRUNCATE)");
    return { escalations: count, timers, ms: performance.now() - started };
  } finally {
    await handle.close();
  }
}

/** The people the benchmark's escalations are reported by; they exist in its Slack, as they would. */
export const BENCH_PEOPLE = [{ id: "U0AGENT" }, ...Array.from({ length: 20 }, (_, i) => ({ id: `U0REP${i}` }))];
