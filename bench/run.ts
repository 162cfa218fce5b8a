/**
 * Performance benchmark of the escalation bot: `npm run bench` (`npm run bench -- 4 6` runs only those).
 *
 *   1. scheduler tick cost with 1k vs 100k open escalations (10 due)
 *   2. EscalationService.open latency with 100k escalations stored, on SQLite and on PostgreSQL; CPU
 *      time per operation (open, acknowledge, request claim, lookup by id) on each
 *   3. outbox throughput through a real Deliverer against the fake Slack
 *   4. end to end over signed HTTP (bench/end-to-end.ts): `node dist/main.js` vs the same-work anchor
 *      (bench/same-work-anchor.ts) and a bare Bolt app in one run: ack latency of /escalate, clicks and modal submits, paced and 50 in flight, and while
 *      4,000 posts over 200 channels drain; views.open after receipt; the load generator's headroom;
 *      RSS idle, after the load and after a 60 s soak; the bot rows on SQLite and on PostgreSQL
 *   5. start-up time and RSS on a 100k database: startBot under tsx, and `node dist/main.js`
 *   6. delivery under Slack's pacing (bench/delivery-lag.ts): a Sev 1 behind a 2,000-post backlog,
 *      and 2,000 posts over 200 channels against the pacing bound
 *   7. `policy backtest` over 100k stored escalations with whole timelines (bench/backtest.ts): seeded
 *      with a bulk insert, then one backtest timed (escalations/s, total seconds)
 *   8. decide() alone over the decision cases' texts, on their playbooks (bench/decide.ts)
 *
 * Plain console output, no assertions; each target's met / missed is printed in its section and
 * again in one table at the end, after a table of the figures measured on both engines side by side.
 * Everything runs against temporary databases (SQLite files in os.tmpdir(), and databases of their
 * own on the PostgreSQL server) and a fake Slack on 127.0.0.1; all of it is stopped and removed at
 * the end. dist/ is built first when a source changed since the last build (as `npm start` does),
 * for sections 4 and 5.
 *
 * PostgreSQL: the server at BENCH_POSTGRES_URL (else TEST_POSTGRES_URL, else the one
 * scripts/postgres-for-tests.sh sets up), whose role may CREATE DATABASE; without one (or with
 * BENCH_POSTGRES_URL=off) sections 2 and 4 run on SQLite only and say so. Other sections are SQLite only.
 * BENCH_QUICK=1 runs everything small, to check the benchmark itself (its figures mean nothing).
 */
import { fork } from "node:child_process";
import { benchDecide } from "./decide.js";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebClient } from "@slack/web-api";
import type { Engine } from "../src/db/connection.js";
import type { EscalationInput } from "../src/domain/escalation.js";
import { createLogger, type Logger } from "../src/logger.js";
import { slackLogger } from "../src/slack/slack-logger.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../src/policy/loader.js";
import { ClockService } from "../src/services/clock-service.js";
import { EscalationService } from "../src/services/escalation-service.js";
import { ChannelDirectory } from "../src/slack/channel-directory.js";
import { Deliverer } from "../src/slack/deliverer.js";
import { RoleDirectory } from "../src/slack/role-directory.js";
import { RefSigner, resolveRefKey } from "../src/slack/signed-ref.js";
import { ManualClock } from "../test/support/clock.js";
import { DEFAULT_CHANNELS, startTestSlack, type SlackEmulator } from "../test/support/test-slack.js";
import { ensureBuilt, startBotProcess } from "./bot-process.js";
import { benchBacktest } from "./backtest.js";
import { benchDeliveryLag } from "./delivery-lag.js";
import { benchEndToEnd, type BotDatabase } from "./end-to-end.js";
import { measureOperationCosts } from "./operations.js";
import type { FakeSlackReady } from "./fake-slack-child.js";
import { createBenchDatabase, findPostgres, seedPostgres } from "./postgres.js";
import { forkChild } from "./processes.js";
import { BENCH_NOW, BENCH_PEOPLE, openBenchDb, SAMPLE_INPUT, seedDatabase, type BenchDb, type SeedResult } from "./seed.js";
import { mb, ms, num, printTable, QUICK, scaled, sleep, summarize } from "./stats.js";
import type { StartupResult } from "./startup-child.js";
import { ENGINE_LABEL, openPostgresStore, openSqliteStore, type BenchStore } from "./stores.js";
import { EngineTable, Targets, verdict } from "./targets.js";

const LARGE = scaled(100_000, 10_000);
const LARGE_LABEL = `${LARGE / 1000}k`;
const SMALL = 1_000;
const DUE = 10;
/** `node dist/main.js` from spawn to its first /healthz 200 on the 100k database. */
const READY_LIMIT_MS = 500;
/**
 * Stops a hung run. Section 4 alone, with the anchors' rows, ran past 25 minutes on 2 busy cores
 * (load average 20, 2026-12-08: its PostgreSQL backlog rows are slow to queue there).
 */
const HARD_LIMIT_MS = 3_600_000;

/** Errors only: the bot's per-request info lines would cost time here. */
const quietLogger = (): Logger => createLogger({ level: "error", format: "json" });
const logger = quietLogger();
const policy = loadPolicyFile(DEFAULT_POLICY_FILE);
const tmpRoot = mkdtempSync(join(os.tmpdir(), "escalation-bench-"));
const targets = new Targets();

// ------------------------------------------------------------------ cleanup

const cleanups: (() => unknown)[] = [];
/** Registers something to stop at the end (or on failure); returns a function that stops it now. */
function onCleanup(fn: () => unknown): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await fn();
  };
  cleanups.push(once);
  return once;
}

let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    rmSync(tmpRoot, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping servers and removing ${tmpRoot}`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** A database closed at the end at the latest; `close()` closes it now. */
async function openDb(path: string): Promise<BenchDb> {
  const handle = await openBenchDb(path);
  const close = onCleanup(() => handle.close());
  return { ...handle, close };
}

function copyDb(from: string, name: string): string {
  const to = join(tmpRoot, name);
  copyFileSync(from, to);
  return to;
}

/**
 * The databases of the sections that run on both engines: per engine, a copy of the 100k one, or a
 * new empty one; each removed at the end.
 */
interface EngineDatabases {
  engines: Engine[];
  large(engine: Engine, name: string): Promise<BotDatabase>;
  empty(engine: Engine, name: string): Promise<BotDatabase>;
}

function engineDatabases(sqliteTemplate: string, postgres: { adminUrl: string; template: string } | undefined): EngineDatabases {
  /** The benchmark's own connection, closed at the end at the latest. */
  const opened = async (open: () => Promise<BenchStore>): Promise<BenchStore> => {
    const store = await open();
    return { ...store, close: onCleanup(() => store.close()) };
  };
  const sqliteAt = (path: string): BotDatabase => ({ engine: "sqlite", env: { DATABASE_PATH: path }, open: () => opened(() => openSqliteStore(path)) });
  const postgresFrom = async (template: string | undefined): Promise<BotDatabase> => {
    if (!postgres) throw new Error("no PostgreSQL server");
    const database = await createBenchDatabase(postgres.adminUrl, template);
    onCleanup(() => database.drop());
    return { engine: "postgres", env: { DATABASE_URL: database.url }, open: () => opened(() => openPostgresStore(database.url)) };
  };
  return {
    engines: postgres ? ["sqlite", "postgres"] : ["sqlite"],
    large: async (engine, name) => (engine === "sqlite" ? sqliteAt(copyDb(sqliteTemplate, `${name}.db`)) : postgresFrom(postgres?.template)),
    empty: async (engine, name) => (engine === "sqlite" ? sqliteAt(join(tmpRoot, `${name}.db`)) : postgresFrom(undefined)),
  };
}

const count = (h: BenchDb, sql: string, ...params: unknown[]) => (h.client.prepare(sql).get(...params) as { n: number }).n;

// ------------------------------------------------------------------ 1. scheduler tick

interface TickRig {
  label: string;
  handle: BenchDb;
  clocks: ClockService;
  arm: () => void;
}

async function tickRig(label: string, path: string): Promise<TickRig> {
  const handle = await openDb(path);
  const n = count(handle, "SELECT count(*) AS n FROM escalations WHERE status = 'open'");
  const clocks = new ClockService({ db: handle.db, clock: new ManualClock(BENCH_NOW), policy, holder: "bench", leaseTtlMs: 60_000 });
  // Ten escalations spread over the id range get their progress-update timer due now. The tick
  // handles each (thread reminder, timeline event, outbox rows) and moves the timer on.
  const dueIds = Array.from({ length: DUE }, (_, k) => Math.floor(((k + 0.5) * n) / DUE) + 1);
  const upsert = handle.client.prepare(
    "INSERT INTO timers (escalation_id, kind, due_at) VALUES (?, 'update', ?) ON CONFLICT (escalation_id, kind) DO UPDATE SET due_at = excluded.due_at",
  );
  const arm = handle.client.transaction(() => {
    for (const id of dueIds) upsert.run(id, BENCH_NOW);
  });
  return { label, handle, clocks, arm: () => arm() };
}

/** The due-timers query exactly as the tick runs it, captured from the driver, with its parameters. */
async function captureDueQuery(rig: TickRig): Promise<{ sql: string; params: unknown[] } | undefined> {
  const client = rig.handle.client;
  const original = client.prepare;
  let captured: { sql: string; params: unknown[] } | undefined;
  client.prepare = function (this: typeof client, source: string) {
    const stmt = original.call(this, source);
    if (/from "timers"/i.test(source) && /"due_at" <=/i.test(source)) {
      const hit = { sql: source, params: [] as unknown[] };
      captured ??= hit;
      for (const method of ["all", "get", "iterate"] as const) {
        const fn = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          hit.params = args;
          return fn(...args);
        };
      }
    }
    return stmt;
  } as typeof client.prepare;
  try {
    rig.arm();
    await rig.clocks.tick(BENCH_NOW);
  } finally {
    client.prepare = original;
  }
  return captured;
}

async function benchScheduler(template: string): Promise<void> {
  const small = join(tmpRoot, "ticks-1k.db");
  await seedDatabase(small, SMALL, policy);
  const rigs = [await tickRig("1k open", small), await tickRig("100k open", copyDb(template, "ticks-100k.db"))];

  const WARMUP = 50;
  const RUNS = 300;
  const samples = new Map<TickRig, number[]>(rigs.map((r) => [r, []]));
  const idle = new Map<TickRig, number[]>(rigs.map((r) => [r, []]));
  let wrongCounts = 0;
  // Alternate the two databases run by run, so drift (GC, CPU clock) hits both alike.
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const rig of rigs) {
      rig.arm(); // outside the timed section
      const t0 = performance.now();
      const result = await rig.clocks.tick(BENCH_NOW);
      const t1 = performance.now();
      // An idle tick right after: lease renewal and an empty due query.
      const t2 = performance.now();
      const empty = await rig.clocks.tick(BENCH_NOW);
      const t3 = performance.now();
      if (result.handled !== DUE || empty.handled !== 0) wrongCounts++;
      if (i >= WARMUP) {
        samples.get(rig)!.push(t1 - t0);
        idle.get(rig)!.push(t3 - t2);
      }
    }
  }

  const [s1k, s100k] = rigs.map((r) => summarize(samples.get(r)!));
  const [i1k, i100k] = rigs.map((r) => summarize(idle.get(r)!));
  const rows = [["database", "timers", `tick, ${DUE} due: median`, "p95", "max", "idle tick (0 due): median", "p95"]];
  rigs.forEach((rig, k) => {
    const s = [s1k, s100k][k]!;
    const id = [i1k, i100k][k]!;
    rows.push([rig.label, num(count(rig.handle, "SELECT count(*) AS n FROM timers")), ms(s.p50), ms(s.p95), ms(s.max), ms(id.p50), ms(id.p95)]);
  });
  const ratioMedian = s100k!.p50 / s1k!.p50;
  const ratioP95 = s100k!.p95 / s1k!.p95;
  rows.push(["ratio 100k / 1k", "", `${ratioMedian.toFixed(2)}×`, `${ratioP95.toFixed(2)}×`, "", `${(i100k!.p50 / i1k!.p50).toFixed(2)}×`, ""]);
  const tickTarget = targets.add({
    section: 1,
    target: "scheduler tick, 10 due: 100k open within 2× of 1k",
    figure: `median ${ratioMedian.toFixed(2)}×, p95 ${ratioP95.toFixed(2)}×`,
    met: ratioMedian <= 2 && ratioP95 <= 2,
  });
  printTable(`1. Scheduler tick: ClockService.tick(now), ${RUNS} runs each after ${WARMUP} warm-up (file DB, WAL)`, rows, [
    `target: 100k/1k within 2×  →  median ${ratioMedian.toFixed(2)}×, p95 ${ratioP95.toFixed(2)}× (${verdict(tickTarget.met)})`,
    `each run re-arms ${DUE} 'update' timers to now outside the timed section; the tick sends ${DUE} reminders (own transaction each)`,
    wrongCounts ? `WARNING: ${wrongCounts} runs did not handle exactly ${DUE} timers` : `every run handled exactly ${DUE} timers`,
  ]);

  const query = await captureDueQuery(rigs[1]!);
  console.log("");
  if (!query) {
    console.log("  EXPLAIN QUERY PLAN: could not capture the due-timers query");
  } else {
    console.log(`  due-timers query (as run by TimerRepo.due):\n    ${query.sql}\n    params: ${JSON.stringify(query.params)}`);
    const plan = rigs[1]!.handle.client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[];
    console.log("  EXPLAIN QUERY PLAN (100k database):");
    for (const row of plan) console.log(`    ${row.detail}`);
  }
  for (const rig of rigs) await rig.handle.close();
}

// ------------------------------------------------------------------ 2. open

const OPEN_VARIANTS: EscalationInput[] = [
  SAMPLE_INPUT,
  { customer: "Globex", tier: "standard", summary: "Map screen shows the wrong truck icon after an update", fields: {} },
  { customer: "Initech", tier: "enterprise", summary: "Customer reports a data breach: they see another user's data", fields: {} },
  { customer: "Umbrella", tier: "trial", summary: "Customer was charged twice on the last invoice, wants a refund", fields: { refund_amount: 120 } },
];

async function measureOpens(store: BenchStore, warmup: number, runs: number): Promise<{ samples: number[]; created: number }> {
  const clock = new ManualClock(BENCH_NOW);
  const service = new EscalationService({ db: store.db, clock, policy });
  const open = (key: string, i: number) =>
    service.open({ input: OPEN_VARIANTS[i % OPEN_VARIANTS.length]!, reporterId: `U0REP${i % 20}`, reporterChannelId: "C0TIER1", submissionKey: key });
  for (let i = 0; i < warmup; i++) {
    clock.advance(1_000);
    await open(`VOPENWARM${i}`, i);
  }
  const samples: number[] = [];
  let created = 0;
  for (let i = 0; i < runs; i++) {
    clock.advance(1_000);
    const t0 = performance.now();
    const result = await open(`VOPEN${i}`, i);
    samples.push(performance.now() - t0);
    if (result.kind === "created") created++;
  }
  await store.close();
  return { samples, created };
}

async function benchOpen(databases: EngineDatabases, engineTable: EngineTable): Promise<void> {
  const RUNS = scaled(2_000, 200);
  const WARMUP = scaled(200, 20);
  const rows = [["engine", "stored before", "created", "p50", "p95", "p99", "max", "mean"]];
  const notes: string[] = [];
  for (const engine of databases.engines) {
    const large = await measureOpens(await (await databases.large(engine, "open-100k")).open(), WARMUP, RUNS);
    const empty = await measureOpens(await (await databases.empty(engine, "open-empty")).open(), WARMUP, RUNS);
    const a = summarize(large.samples);
    const b = summarize(empty.samples);
    const label = ENGINE_LABEL[engine];
    const openTarget = targets.add({
      section: 2,
      target: `creating an escalation with ${LARGE_LABEL} stored: p99 < 50 ms (${label})`,
      figure: `p99 ${ms(a.p99)} (p50 ${ms(a.p50)})`,
      met: a.p99 < 50,
    });
    engineTable.add(`create (EscalationService.open) with ${LARGE_LABEL} stored: p99`, engine, `${ms(a.p99)} (p50 ${ms(a.p50)})`, "p99 < 50 ms");
    const row = (stored: string, s: ReturnType<typeof summarize>, created: number) => [label, stored, num(created), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), ms(s.mean)];
    rows.push(row(`${num(LARGE)} escalations`, a, large.created), row("empty (reference)", b, empty.created));
    notes.push(`target on ${label}: p99 < 50 ms with ${LARGE_LABEL} stored  →  ${ms(a.p99)} (${verdict(openTarget.met)})`);
  }
  printTable(`2. EscalationService.open (decision + insert + timeline + outbox + timers, one transaction), ${num(RUNS)} opens after ${WARMUP} warm-up`, rows, [
    ...notes,
    `inputs cycle through ${OPEN_VARIANTS.length} kinds: Sev 2 enterprise, plain Sev 3, security incident (Sev 1, DMs), billing`,
    ...(databases.engines.includes("postgres") ? ["PostgreSQL: a database of its own on the server, over TCP on 127.0.0.1, through the bot's pool (pg); SQLite: a file, WAL"] : []),
  ]);
  await benchOperationCosts(databases, engineTable);
}

async function benchOperationCosts(databases: EngineDatabases, engineTable: EngineTable): Promise<void> {
  const RUNS = scaled(1_000, 100);
  const WARMUP = scaled(100, 10);
  const rows = [["engine", "operation", "runs", "CPU per operation", "wall per operation"]];
  for (const engine of databases.engines) {
    const store = await (await databases.empty(engine, "operations")).open();
    for (const cost of await measureOperationCosts(store, policy, RUNS, WARMUP)) {
      rows.push([ENGINE_LABEL[engine], cost.operation, num(cost.runs), ms(cost.cpuMs), ms(cost.wallMs)]);
      engineTable.add(`CPU per operation: ${cost.operation}`, engine, ms(cost.cpuMs));
    }
    await store.close();
  }
  printTable("2b. CPU time per operation of the bot's own thread, one at a time on an empty database", rows, [
    "CPU = this process's user + system time over the runs (the PostgreSQL server's own CPU is not in it); wall includes waiting for the disk or the server",
  ]);
}

// ------------------------------------------------------------------ 3. outbox

const BENCH_CHANNELS = Array.from({ length: 20 }, (_, i) => ({ id: `C0BENCH${String(i).padStart(2, "0")}`, name: `bench-${String(i).padStart(2, "0")}` }));

interface OutboxRun {
  label: string;
  rows: number;
  seconds: number;
  messages: number;
  apiCalls: number;
  pending: number;
  failed: number;
}

async function measureOutbox(fake: SlackEmulator, label: string, spread: boolean, n: number): Promise<OutboxRun> {
  const handle = await openDb(join(tmpRoot, `outbox-${spread ? "spread" : "single"}.db`));
  const clock = new ManualClock(BENCH_NOW);
  const service = new EscalationService({ db: handle.db, clock, policy });
  const client = new WebClient("xoxb-bench", { slackApiUrl: fake.url, logger: slackLogger(logger, "web-api"), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const deliverer = new Deliverer({
    holder: "bench",
    db: handle.db,
    policy,
    client,
    channels: new ChannelDirectory(client, clock),
    roles: new RoleDirectory(client, policy, clock, logger),
    // Buttons signed with a key for this run only: nobody clicks them.
    refs: new RefSigner(resolveRefKey(undefined, undefined)),
    clock,
    logger,
    postIntervalMs: 0,
  });
  // Once: stopping lets go of its lanes in the database, which is closed after it.
  const stopDeliverer = onCleanup(() => deliverer.stop());
  const spreadStmt = handle.client.prepare(
    "UPDATE escalations SET channel = '#bench-' || printf('%02d', id % 20), channels = json_array('#bench-' || printf('%02d', id % 20)) WHERE id > ?",
  );
  let opened = 0;
  const openMany = async (k: number) => {
    const from = count(handle, "SELECT coalesce(max(id), 0) AS n FROM escalations");
    for (let i = 0; i < k; i++, opened++) {
      // Yield now and then: blocking this process for seconds lets the fake Slack's keep-alive timeout
      // and the client's run out of step, and a reused socket then fails with "fetch failed".
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
      await service.open({
        input: SAMPLE_INPUT,
        reporterId: spread ? `U0REP${opened % 20}` : "U0AGENT",
        reporterChannelId: spread ? BENCH_CHANNELS[opened % 20]!.id : "C0TIER1",
        submissionKey: `VOUT${label}${opened}`,
      });
    }
    if (spread) spreadStmt.run(from);
  };
  // Warm-up: connections, channel directory, role lookups, JIT.
  await openMany(100);
  await deliverer.drain();

  await openMany(n);
  await sleep(50);
  const sentBefore = count(handle, "SELECT count(*) AS n FROM outbox WHERE status = 'sent'");
  const pendingBefore = count(handle, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
  fake.reset();
  const t0 = performance.now();
  await deliverer.drain();
  const seconds = (performance.now() - t0) / 1000;
  const sent = count(handle, "SELECT count(*) AS n FROM outbox WHERE status = 'sent'") - sentBefore;
  const messages = fake.callsTo("chat.postMessage").length + fake.callsTo("chat.postEphemeral").length;
  const result: OutboxRun = {
    label,
    rows: sent,
    seconds,
    messages,
    apiCalls: fake.calls.length + fake.rejected.length,
    pending: count(handle, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'"),
    failed: count(handle, "SELECT count(*) AS n FROM outbox WHERE status = 'failed'"),
  };
  if (result.pending > 0 || result.failed > 0) {
    const left = handle.client
      .prepare("SELECT kind, status, attempts, last_error AS error, count(*) AS n FROM outbox WHERE status != 'sent' GROUP BY 1, 2, 3, 4")
      .all();
    console.log(`  note (${label}): ${num(pendingBefore)} rows were pending before the drain, ${num(sent)} sent; not sent: ${JSON.stringify(left)}`);
  }
  await stopDeliverer();
  await handle.close();
  return result;
}

async function benchOutbox(): Promise<void> {
  const N = 2_000;
  const fake = await startTestSlack({ channels: [...DEFAULT_CHANNELS, ...BENCH_CHANNELS], pageSize: 200, users: BENCH_PEOPLE });
  const stopFake = onCleanup(() => fake.stop());
  const runs = [await measureOutbox(fake, "20ch", true, N), await measureOutbox(fake, "1ch", false, N)];
  const labels: Record<string, string> = { "20ch": "20 channels, 20 reporters", "1ch": "1 channel (#fleet-support-tier2 as routed), 1 reporter" };
  printTable(`3. Outbox throughput: ${num(N)} escalations opened, drained by a real Deliverer (postIntervalMs: 0) into the fake Slack over HTTP`, [
    ["spread", "rows sent", "seconds", "rows/s", "messages", "messages/s", "API calls/s", "left pending", "failed"],
    ...runs.map((r) => [
      labels[r.label]!,
      num(r.rows),
      r.seconds.toFixed(2),
      num(r.rows / r.seconds),
      num(r.messages),
      num(r.messages / r.seconds),
      num(r.apiCalls / r.seconds),
      num(r.pending),
      num(r.failed),
    ]),
  ], [
    "each escalation gives 2 rows: post_escalation (chat.postMessage) and confirm_reporter (chat.getPermalink + chat.postEphemeral)",
    "messages = chat.postMessage + chat.postEphemeral calls; the fake Slack runs in this process, so its CPU time is included",
  ]);
  await stopFake();
}

// ------------------------------------------------------------------ 5. start-up

function startupOnce(databasePath: string): Promise<StartupResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./startup-child.ts", import.meta.url)), [databasePath], {
      execArgv: [...process.execArgv, "--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const stop = onCleanup(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });
    let result: StartupResult | undefined;
    let error: string | undefined;
    child.on("message", (msg: StartupResult | { type: "error"; message: string }) => {
      if (msg.type === "startup") result = msg;
      else error = msg.message;
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      void stop();
      if (result) resolve(result);
      else reject(new Error(`start-up child failed (exit ${code}): ${error ?? "no result"}`));
    });
  });
}

/** `node dist/main.js` (what `npm start` runs) on `database`: from spawn to its first /healthz 200, and its RSS then. */
async function mainStartup(database: string, times: number): Promise<{ readyMs: number; rss: number }[]> {
  const fake = await forkChild<FakeSlackReady>("./fake-slack-child.ts", { onCleanup });
  const results: { readyMs: number; rss: number }[] = [];
  for (let i = 0; i < times; i++) {
    const bot = await startBotProcess({ slackApiUrl: fake.ready.url, database: { DATABASE_PATH: database }, logLevel: "info", dir: tmpRoot, name: `startup-main-${i}`, onCleanup });
    results.push({ readyMs: bot.readyMs, rss: bot.usage()?.rss ?? Number.NaN });
    await bot.stop();
  }
  await fake.stop();
  return results;
}

async function benchStartup(template: string): Promise<void> {
  const large = copyDb(template, "startup-100k.db");
  const build = ensureBuilt();
  const rows = [["database", "process", "run", "startBot", "first /healthz 200", "RSS before startBot", "RSS at ready", "heap used", "escalations"]];
  const collect = async (label: string, path: () => string, times: number) => {
    const results: StartupResult[] = [];
    for (let i = 0; i < times; i++) {
      const r = await startupOnce(path());
      results.push(r);
      rows.push([label, "startBot under tsx", String(i + 1), ms(r.startMs), ms(r.firstHealthMs), mb(r.rssBefore), mb(r.rssAfter), mb(r.heapUsedAfter), num(r.escalations)]);
    }
    return results;
  };
  let fresh = 0;
  // A new, empty database each time: start-up includes creating it and applying the migrations.
  const empty = await collect("new empty database", () => join(tmpRoot, `startup-empty-${fresh++}.db`), 2);
  const big = await collect("100k escalations", () => large, 3);
  const main = await mainStartup(large, 3);
  main.forEach((r, i) => rows.push(["100k escalations", "node dist/main.js", String(i + 1), "—", ms(r.readyMs), "—", mb(r.rss), "—", num(LARGE)]));
  const median = (xs: number[]) => summarize(xs).p50;
  const ready = median(main.map((r) => r.readyMs));
  const readyTarget = targets.add({
    section: 5,
    target: `node dist/main.js ready (/healthz 200) ≤ ${READY_LIMIT_MS / 1000} s with 100k stored`,
    figure: `median ${ms(ready)} of ${main.length} (${main.map((r) => ms(r.readyMs)).join(", ")})`,
    met: ready <= READY_LIMIT_MS,
  });
  printTable("5. Start-up on a database: startBot (policy, database, Slack app with auth.test, deliverer, scheduler), and the built entry point; each in a fresh process", rows, [
    `100k database: median startBot ${ms(median(big.map((r) => r.startMs)))}, RSS after start ${mb(median(big.map((r) => r.rssAfter)))} ` +
      `(empty database: ${ms(median(empty.map((r) => r.startMs)))}, ${mb(median(empty.map((r) => r.rssAfter)))})`,
    "RSS before startBot = after loading the modules (under tsx) and starting the fake Slack in that process",
    `node dist/main.js: from spawn (node's own start and module loading included) to the first /healthz 200, LOG_LEVEL info, the emulator in another process; ` +
      `RSS from /proc at that moment. Target ≤ ${READY_LIMIT_MS / 1000} s: ${verdict(readyTarget.met)} (median). ` +
      `dist/ ${build.rebuilt ? `was rebuilt first (${(build.ms / 1000).toFixed(1)} s, not counted)` : "was up to date"}; npm start adds npm's own start-up and the stale-build check`,
  ]);
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const started = performance.now();
  const cpus = os.cpus();
  const probe = await openBenchDb(":memory:");
  const sqliteVersion = (probe.client.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  await probe.close();
  console.log("Escalation bot benchmark");
  console.log(
    `machine: ${cpus.length} CPU(s) ${cpus[0]?.model.trim() ?? "?"}, ${mb(os.totalmem())} RAM, ${os.platform()} ${os.release()}; ` +
      `node ${process.version}; SQLite ${sqliteVersion}; temp dir ${tmpRoot}`,
  );

  // `npm run bench -- 2 4` runs only those benchmarks.
  const picked = process.argv.slice(2).filter((a) => /^[1-8]$/.test(a)).map(Number);
  const run = (n: number) => picked.length === 0 || picked.includes(n);
  if (QUICK) console.log("BENCH_QUICK=1: every section small, to check the benchmark; its figures mean nothing");

  // Sections 2 and 4 also run on PostgreSQL when a server answers.
  const postgres = run(2) || run(4) ? await findPostgres() : undefined;
  if (postgres && !postgres.available) {
    console.log(
      `PostgreSQL: ${postgres.reason}: the postgres column is skipped. To enable it: scripts/postgres-for-tests.sh starts a server, ` +
        "or set BENCH_POSTGRES_URL to a postgres:// URL whose role may CREATE DATABASE",
    );
  }
  const describe = (where: string, seeded: SeedResult) =>
    console.log(
      `seeded ${num(seeded.escalations)} open escalations (+ ${num(seeded.timers)} timers, ${num(seeded.escalations)} timeline events, ` +
        `${num(seeded.escalations * 2)} sent outbox rows) ${where} in ${(seeded.ms / 1000).toFixed(1)} s; copied for each benchmark`,
    );

  const template = join(tmpRoot, "template-100k.db");
  if (run(1) || run(2) || run(4) || run(5)) describe("in SQLite", await seedDatabase(template, LARGE, policy));
  let postgresTemplate: { adminUrl: string; template: string } | undefined;
  if (postgres?.available) {
    const database = await createBenchDatabase(postgres.adminUrl);
    onCleanup(() => database.drop());
    describe(`in PostgreSQL (${postgres.shown}, database ${database.name})`, await seedPostgres(database.url, LARGE, policy));
    postgresTemplate = { adminUrl: postgres.adminUrl, template: database.name };
  }
  const databases = engineDatabases(template, postgresTemplate);
  const engineTable = new EngineTable(postgres && !postgres.available ? postgres.reason : undefined);

  if (run(1)) await benchScheduler(template);
  if (run(2)) await benchOpen(databases, engineTable);
  if (run(3)) await benchOutbox();
  if (run(4)) {
    const bots = await Promise.all(databases.engines.map((engine) => databases.large(engine, `e2e-${LARGE_LABEL}`)));
    const anchorDatabases = await Promise.all(databases.engines.map((engine) => databases.empty(engine, "e2e-anchor")));
    await benchEndToEnd({ policy, tmpRoot, onCleanup, targets, engineTable, databases: bots, seeded: LARGE, anchorDatabases });
  }
  if (run(5)) await benchStartup(template);
  if (run(6)) await benchDeliveryLag({ policy, logger, tmpRoot, openDb, onCleanup, targets });
  if (run(7)) await benchBacktest({ policy, tmpRoot, count: LARGE, targets });
  if (run(8)) benchDecide(targets);
  engineTable.print();
  targets.print();
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const watchdog = setTimeout(() => {
  console.error(`\nbenchmark exceeded ${HARD_LIMIT_MS / 1000} s; stopping`);
  void cleanup().finally(() => process.exit(1));
}, HARD_LIMIT_MS);
watchdog.unref();

let exitCode = 0;
try {
  await main();
} catch (err) {
  exitCode = 1;
  console.error("\nbenchmark failed:", err instanceof Error ? (err.stack ?? err.message) : err);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(exitCode);
