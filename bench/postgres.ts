/**
 * The PostgreSQL side of the benchmark: the server it may use, throw-away databases on it, and a
 * 100k-escalation database seeded on the server itself.
 *
 * The admin URL is BENCH_POSTGRES_URL, else TEST_POSTGRES_URL, else the one scripts/postgres-for-tests.sh
 * sets up; its role must be allowed to CREATE DATABASE. BENCH_POSTGRES_URL=off runs SQLite only.
 * Every database is named escalation_bench_<pid>_<n>_<time> and dropped at the end of the run (a
 * run that crashed leaves its own, dropped by the next run after an hour).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { EMULATOR_IDS } from "../src/sandbox/identity.js";
import { openDatabase } from "../src/db/connection.js";
import { redactUrl } from "../src/db/postgres-problems.js";
import type { Policy } from "../src/domain/playbook/model.js";
import { EscalationService } from "../src/services/escalation-service.js";
import { databaseUrl, DEFAULT_TEST_POSTGRES_URL, ident } from "../test/support/postgres.js";
import { ManualClock } from "../test/support/clock.js";
import { BENCH_NOW, BENCH_SEED_DAYS, SAMPLE_INPUT, SEEDED_MESSAGE_CHANNEL, farFuture, type SeedResult } from "./seed.js";

const PREFIX = "escalation_bench_";
const STALE_MS = 60 * 60 * 1000;
const DAY = 86_400_000;

export type PostgresServer = { available: true; adminUrl: string; shown: string } | { available: false; reason: string };

/** The admin URL the benchmark would use, and whether a server answers there and lets it create databases. */
export async function findPostgres(): Promise<PostgresServer> {
  const configured = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL;
  if (configured === "off") return { available: false, reason: "BENCH_POSTGRES_URL=off" };
  const adminUrl = configured || DEFAULT_TEST_POSTGRES_URL;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ createdb: boolean }>("SELECT rolcreatedb AS createdb FROM pg_roles WHERE rolname = current_user");
    if (!rows[0]?.createdb) return { available: false, reason: `the role at ${redactUrl(adminUrl)} may not CREATE DATABASE` };
    return { available: true, adminUrl, shown: redactUrl(adminUrl) };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { available: false, reason: `no server answers at ${redactUrl(adminUrl)} (${e.code ?? e.message ?? String(err)})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface BenchPgDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

const RUN = `${process.pid}_${randomBytes(2).toString("hex")}`;
let counter = 0;

/**
 * A new database, empty or a copy of `template` (which nobody may be connected to), dropped by
 * `drop()`. An empty one is migrated when the bot or the benchmark first opens it.
 */
export async function createBenchDatabase(adminUrl: string, template?: string): Promise<BenchPgDatabase> {
  const name = `${PREFIX}${RUN}_${++counter}_${Math.floor(Date.now() / 1000).toString(36)}`;
  await admin(adminUrl, async (c) => {
    if (counter === 1) await sweep(c);
    // FILE_COPY: copying a 100k template block by block through the WAL takes several times longer.
    const create = `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)} STRATEGY = FILE_COPY` : ""}`;
    // A template's last connection may still be closing (55006: "being accessed by other users").
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(create);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== "55006" || attempt === 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  });
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => (dropped ??= admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => undefined)),
  };
}

/** Databases left by benchmark runs that crashed more than an hour ago. */
async function sweep(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${PREFIX.replace(/_/g, "\\_")}%`]);
  for (const { datname } of rows) {
    const born = parseInt(datname.slice(datname.lastIndexOf("_") + 1), 36) * 1000;
    if (Date.now() - born > STALE_MS) await c.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`).catch(() => undefined);
  }
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Fills the (new) database at `url` as seedDatabase fills a SQLite one: `count` open escalations,
 * posted, each with its first timeline event, sent outbox rows and timers due far ahead, made from
 * one escalation opened through the real service. The copies are made by the server in one
 * INSERT ... SELECT per table over generate_series, then the tables are analyzed.
 */
export async function seedPostgres(url: string, count: number, policy: Policy): Promise<SeedResult> {
  const db = await openDatabase({ engine: "postgres", url });
  try {
    await new EscalationService({ db, clock: new ManualClock(BENCH_NOW), policy }).open({
      input: SAMPLE_INPUT,
      reporterId: "U0AGENT",
      reporterChannelId: "C0TIER1",
      submissionKey: "VSAMPLE",
    });
  } finally {
    await db.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    const columns = async (table: string) =>
      (await client.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", [table])).rows.map(
        (r) => r.c,
      );
    // The sample's rows, kept aside; the tables are then filled with copies of them.
    await client.query("BEGIN");
    for (const t of ["escalations", "timeline_events", "outbox", "timers"]) await client.query(`CREATE TEMP TABLE sample_${t} AS SELECT * FROM ${t}`);
    await client.query("DELETE FROM request_receipts");
    for (const t of ["timers", "outbox", "timeline_events", "escalations"]) await client.query(`DELETE FROM ${t}`);

    const createdAt = `(${BENCH_NOW}::bigint - (g.n::bigint * 7919) % ${BENCH_SEED_DAYS * DAY})`;
    const copy = async (table: string, overrides: Record<string, string>, extra = "") => {
      const cols = (await columns(table)).filter((c) => c !== "id" || "id" in overrides);
      const exprs = cols.map((c) => overrides[c] ?? `s.${c}`);
      await client.query(`INSERT INTO ${table} (${cols.join(", ")}) SELECT ${exprs.join(", ")} FROM sample_${table} s ${extra}CROSS JOIN generate_series(1, ${count}) AS g(n)`);
    };
    await copy("escalations", {
      id: "g.n",
      submission_key: "'VSEED' || g.n",
      created_at: createdAt,
      level_since: createdAt,
      message_channel_id: `'${SEEDED_MESSAGE_CHANNEL}'`,
      // seededMessageTs(id)
      message_ts: "(1600000000 + g.n) || '.000100'",
    });
    await copy("timeline_events", { escalation_id: "g.n", at: createdAt });
    await copy("outbox", {
      escalation_id: "g.n",
      dedupe_key: "regexp_replace(s.dedupe_key, '\\d+$', g.n::text)",
      status: "'sent'",
      attempts: "0",
      created_at: createdAt,
      next_attempt_at: createdAt,
      sending_since: "NULL",
      sent_at: `${createdAt} + 500 + CASE WHEN s.kind = 'confirm_reporter' THEN 500 ELSE 0 END`,
    });
    // Each escalation's timers in the sample's order, due one after another far ahead (as on SQLite).
    await client.query(
      `INSERT INTO timers (escalation_id, kind, due_at)
       SELECT g.n, s.kind, ${farFuture()}::bigint + g.n::bigint * 1000 + s.k
       FROM (SELECT kind, row_number() OVER (ORDER BY id) - 1 AS k FROM sample_timers) s CROSS JOIN generate_series(1, ${count}) AS g(n)`,
    );
    for (const t of ["escalations", "timeline_events", "outbox", "timers"]) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
    }
    await client.query("INSERT INTO installation (id, team_id, bot_user_id, created_at, escalation_id_floor, signing_key) VALUES (1, $1, $2, 0, 1, $3)", [
      EMULATOR_IDS.teamId,
      EMULATOR_IDS.botUserId,
      randomBytes(32).toString("hex"),
    ]);
    await client.query("COMMIT");
    const timers = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM timers")).rows[0]!.n);
    // Fresh statistics, as autovacuum would have them on a database that grew over time.
    await client.query("VACUUM ANALYZE");
    return { escalations: count, timers, ms: performance.now() - started };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
