/**
 * Section 4: the bot end to end over signed HTTP, side by side in one run with a bare Bolt app and
 * with the same-work anchor (bench/same-work-anchor.ts), each in a process of its own, against the
 * emulator in another and load generators in more:
 *
 * - ack latency of `/escalate`, the Acknowledge button and the escalation modal's submit, paced
 *   (open loop) and with 50 in flight, at least 2,000 responses per row;
 * - `/escalate` and clicks with 50 in flight while the bot delivers a backlog of 4,000 posts over 200
 *   channels at Slack's pace (one post a second per channel: 19 s at the least, longer than a row);
 * - views.open after receipt: from the generator sending `/escalate` to the emulator receiving the
 *   bot's views.open for that trigger (one machine, one clock);
 * - whether one load generator process is enough (bare Bolt's throughput with one and with two);
 * - the bot's RSS when idle, at the end of the load rows and after a 60 s soak of paced load.
 *
 * The bot is `node dist/main.js` on a copy of the 100k database, with production settings
 * (pacing, scheduler, LOG_LEVEL info); the benchmark reads its database and /proc from outside.
 * With a PostgreSQL server, a second bot runs on a copy of the same escalations there (DATABASE_URL),
 * and every bot row is measured on both, interleaved with bare Bolt's and the anchors'; the soak runs on SQLite only.
 * BENCH_TRACE=1 prints each row as it ends (stderr).
 */
import os from "node:os";
import type { Engine } from "../src/db/connection.js";
import type { Clock } from "../src/domain/clock.js";
import type { EscalationInput } from "../src/domain/escalation.js";
import type { Policy } from "../src/domain/playbook/model.js";
import { EscalationService } from "../src/services/escalation-service.js";
import type { BareBoltReady } from "./bare-bolt-child.js";
import { startBotProcess, type BotProcess } from "./bot-process.js";
import { CONCURRENCY, KIND_LABEL, PACED_RATE, reqPerSec, VIEWS_OPEN_MS, type Mode, type Row, type Server } from "./end-to-end-rows.js";
import type { FakeSlackReady, ViewsOpened } from "./fake-slack-child.js";
import type { LoadRequest, LoadResult, RequestKind } from "./load-generator.js";
import { cpuShare, forkChild, machineBusyMs, processUsage, type ChildHandle, type ProcessUsage } from "./processes.js";
import { mb, ms, num, printTable, scaled, sleep, summarize } from "./stats.js";
import { ENGINE_LABEL, type BenchStore, type EngineSql } from "./stores.js";
import { anchorFor, anchorsFor, anchorWork, describeWork, reportSameWork, startAnchors, type Anchor } from "./same-work-anchor.js";
import type { EngineTable, Targets } from "./targets.js";
import { resolveRefKey, type RefKey } from "../src/slack/signed-ref.js";

/** A bot's database: what points `node dist/main.js` at it, and the benchmark's own view of it. */
export interface BotDatabase {
  engine: Engine;
  /** DATABASE_PATH or DATABASE_URL. */
  env: Record<string, string>;
  open(): Promise<BenchStore>;
}

export interface EndToEndDeps {
  policy: Policy;
  tmpRoot: string;
  onCleanup(fn: () => unknown): () => Promise<void>;
  targets: Targets;
  engineTable: EngineTable;
  /** A copy of the 100k database per engine, SQLite first, each for a bot of its own; how many escalations each holds. */
  databases: BotDatabase[];
  seeded: number;
  /** An empty database per engine of `databases`, each for a same-work anchor. */
  anchorDatabases: BotDatabase[];
}

const PACED_MS = scaled(20_000, 3_000);
/** Responses per row, enough for a p99 that is more than the few slowest. */
const MIN_SAMPLES = scaled(2_000, 200);
const IN_FLIGHT_MIN_MS = scaled(3_000, 1_000);
const IN_FLIGHT_MAX_MS = scaled(20_000, 5_000);
const WARMUP_MS = 1_000;
/** 20 posts a channel: at one a second the backlog outlasts every draining row, however fast the bot. */
const BACKLOG = scaled(4_000, 400);
/** Written into the routing SQL below. */
const DRAIN_CHANNELS = 200;
const DRAIN_MAX_MS = scaled(18_000, 4_000);
const SOAK_MS = scaled(60_000, 5_000);
const CHECK_MS = scaled(3_000, 1_000);
/** No longer targets (bare Bolt makes no Slack call): printed beside the bot's figures for information. */
const RATIO_IN_FLIGHT = 1.25;
const RATIO_DRAINING = 2;
const RSS_LIMIT = 120 * 1024 * 1024;
/** Production's default; every request logs a line, to a file here as under a process manager. */
const BOT_LOG_LEVEL = "info";

const DRAIN_CHANNEL_LIST = Array.from({ length: DRAIN_CHANNELS }, (_, i) => ({ id: `C0DRAIN${String(i).padStart(3, "0")}`, name: `drain-${String(i).padStart(3, "0")}` }));
const BACKLOG_INPUT: EscalationInput = { customer: "Acme Corp", tier: "standard", severity: "sev3", summary: "Report totals are off by one day", fields: {} };

/** A bot under test: its process, its database, and what the benchmark keeps track of for it. */
interface Bot extends Server {
  engine: Engine;
  process: BotProcess;
  store: BenchStore;
  /** The key it signs its buttons with (recorded at its start-up), so the clicks carry valid references. */
  refKey: RefKey;
  /** Unsent outbox rows marked sent before its rows (see settle). */
  settled: number;
  rssIdle: number;
  rssAfterLoad: number;
}

/** The benchmark's own SQL on a bot's database: counting what the bot did, and queueing backlogs. */
const SQL = {
  committed: "SELECT count(*) AS n FROM escalations WHERE submission_key >= ? AND submission_key < ?",
  idRange: 'SELECT min(id) AS "first", max(id) AS "last" FROM escalations WHERE submission_key >= ? AND submission_key < ?',
  acknowledged: "SELECT count(*) AS n FROM escalations WHERE id >= ? AND id < ? AND acknowledged_by IS NOT NULL",
  unsent: "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'held')",
  settle: {
    sqlite: "UPDATE outbox SET status = 'sent', sent_at = ? WHERE status IN ('pending', 'held')",
    // While the bot still sends, one UPDATE over its rows can deadlock with its transactions: rows it
    // has locked are skipped (it is sending them), the others are taken in id order.
    postgres:
      "UPDATE outbox SET status = 'sent', sent_at = ? WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'held') ORDER BY id FOR UPDATE SKIP LOCKED)",
  },
  posts:
    "SELECT sum(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS sent, sum(CASE WHEN status IN ('pending', 'held') THEN 1 ELSE 0 END) AS \"left\" " +
    "FROM outbox WHERE escalation_id BETWEEN ? AND ? AND kind = 'post_escalation'",
  route: {
    sqlite: "UPDATE escalations SET channel = '#drain-' || printf('%03d', id % 200), channels = json_array('#drain-' || printf('%03d', id % 200)) WHERE id BETWEEN ? AND ?",
    postgres:
      "UPDATE escalations SET channel = '#drain-' || lpad((id % 200)::text, 3, '0'), channels = jsonb_build_array('#drain-' || lpad((id % 200)::text, 3, '0')) WHERE id BETWEEN ? AND ?",
  },
  routePosts: {
    sqlite:
      "UPDATE outbox SET queue = 'channel:drain-' || printf('%03d', escalation_id % 200), next_attempt_at = ? WHERE escalation_id BETWEEN ? AND ? AND kind = 'post_escalation' AND status = 'pending'",
    postgres:
      "UPDATE outbox SET queue = 'channel:drain-' || lpad((escalation_id % 200)::text, 3, '0'), next_attempt_at = ? WHERE escalation_id BETWEEN ? AND ? AND kind = 'post_escalation' AND status = 'pending'",
  },
  // Every message of the backlog (written an hour ahead, see queueBacklog) is due now, as when opened.
  release: "UPDATE outbox SET next_attempt_at = ? WHERE escalation_id BETWEEN ? AND ? AND status IN ('pending', 'held')",
  installed: 'SELECT team_id AS "teamId", bot_user_id AS "botUserId", signing_key AS "signingKey" FROM installation WHERE id = 1',
} satisfies Record<string, EngineSql>;

/** A count (PostgreSQL returns count(*) and sum() as strings, and sum() of no rows as null). */
async function count(store: BenchStore, sql: EngineSql, ...params: unknown[]): Promise<number> {
  const row = await store.get<{ n: number | string | null }>(sql, ...params);
  return Number(row?.n ?? 0);
}

/** One or more load generator processes driven as one: in-flight requests and rate split between them. */
class LoadPool {
  private constructor(private readonly generators: ChildHandle<object>[]) {}

  static async start(n: number, onCleanup: EndToEndDeps["onCleanup"]): Promise<LoadPool> {
    return new LoadPool(await Promise.all(Array.from({ length: n }, () => forkChild<object>("./load-generator.ts", { onCleanup }))));
  }

  pids(): number[] {
    return this.generators.map((g) => g.pid);
  }

  async run(req: LoadRequest, size: number): Promise<LoadResult> {
    const gens = this.generators.slice(0, size);
    const n = gens.length;
    const results = await Promise.all(
      gens.map((g, k) =>
        g.call<LoadResult>("run", {
          ...req,
          concurrency: Math.floor(req.concurrency / n) + (k < req.concurrency % n ? 1 : 0),
          ...(req.ratePerSec !== undefined ? { ratePerSec: req.ratePerSec / n, offsetMs: (k * 1000) / req.ratePerSec } : {}),
          ...(req.minSamples !== undefined ? { minSamples: Math.ceil(req.minSamples / n) } : {}),
          ...(req.clicks ? { clicks: { first: req.clicks.first + k * req.clicks.stride, stride: req.clicks.stride * n } } : {}),
          idPrefix: `${req.idPrefix}G${k}X`,
        }),
      ),
    );
    const merged: LoadResult = { elapsedMs: 0, sent: 0, failed: 0, statuses: {}, latencies: {}, commands: { triggers: [], sentAt: [] }, clicksUsed: 0, cpuMs: 0, triggerWaits: 0 };
    for (const r of results) {
      merged.elapsedMs = Math.max(merged.elapsedMs, r.elapsedMs);
      merged.sent += r.sent;
      merged.failed += r.failed;
      for (const [k, v] of Object.entries(r.statuses)) merged.statuses[k] = (merged.statuses[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.latencies) as [RequestKind, number[]][]) (merged.latencies[k] ??= []).push(...v);
      merged.commands.triggers.push(...r.commands.triggers);
      merged.commands.sentAt.push(...r.commands.sentAt);
      merged.clicksUsed = Math.max(merged.clicksUsed, r.clicksUsed * n);
      merged.cpuMs += r.cpuMs;
      merged.triggerWaits += r.triggerWaits;
    }
    return merged;
  }
}

const allLatencies = (r: LoadResult): number[] => Object.values(r.latencies).flat();
const sumUsage = (pids: number[]): ProcessUsage | undefined => {
  const all = pids.map(processUsage);
  return all.every((u) => u) ? { rss: 0, cpuMs: all.reduce((s, u) => s + u!.cpuMs, 0) } : undefined;
};

export async function benchEndToEnd(deps: EndToEndDeps): Promise<void> {
  const fake = await forkChild<FakeSlackReady>("./fake-slack-child.ts", { args: [JSON.stringify(DRAIN_CHANNEL_LIST)], onCleanup: deps.onCleanup });
  // The seeded escalations' posts, so acknowledging one updates a message that is there.
  await fake.call("seedMessages", { count: deps.seeded });
  const bareChild = await forkChild<BareBoltReady>("./bare-bolt-child.ts", { args: [fake.ready.url], onCleanup: deps.onCleanup });
  const bare: Server = { role: "bare", label: "bare Bolt", url: bareChild.ready.url, pid: bareChild.pid, nextClick: 1 };
  const anchors = await startAnchors(fake.ready.url, deps.anchorDatabases, deps.onCleanup);
  const isAnchor = (server: Server): server is Anchor => server.role === "anchor";
  const bots: Bot[] = [];
  for (const database of deps.databases) {
    const botProcess = await startBotProcess({
      slackApiUrl: fake.ready.url,
      database: database.env,
      logLevel: BOT_LOG_LEVEL,
      dir: deps.tmpRoot,
      name: `e2e-bot-${database.engine}`,
      onCleanup: deps.onCleanup,
    });
    // The benchmark's own connection to the bot's database, to count what the bot did and to queue backlogs.
    const store = await database.open();
    const installed = await store.get<{ teamId: string; botUserId: string; signingKey: string } | undefined>(SQL.installed);
    if (!installed) throw new Error(`the bot on ${ENGINE_LABEL[database.engine]} recorded no installation at start-up: its clicks could not be signed`);
    const { processOnly: _, ...refKey } = resolveRefKey(undefined, installed);
    bots.push({
      role: "bot",
      label: `bot, ${ENGINE_LABEL[database.engine]}`,
      url: botProcess.eventsUrl,
      pid: botProcess.pid,
      engine: database.engine,
      process: botProcess,
      store,
      refKey,
      nextClick: 1,
      settled: 0,
      rssIdle: Number.NaN,
      rssAfterLoad: Number.NaN,
    });
  }
  const isBot = (server: Server): server is Bot => server.role === "bot";
  const startedAt = performance.now();

  // Submission keys with a prefix, as an index range ("~" sorts after every character of an id).
  const keyRange = (prefix: string) => [prefix, `${prefix}~`];
  /**
   * Marks what the bot has yet to send as sent, so that each of its rows starts with an empty outbox
   * rather than with the posts of earlier rows (at one a second to a channel, they would pile up
   * row after row); the draining rows queue their backlog after this.
   */
  const settle = async (bot: Bot) => void (bot.settled += await bot.store.run(SQL.settle, Date.now()));

  // Two generator processes; rows use one unless the check below shows one holds bare Bolt back.
  const load = await LoadPool.start(2, deps.onCleanup);
  let generatorsUsed = 1;
  let runs = 0;
  const rows: Row[] = [];

  /** views.open after receipt: each command's trigger id matched with the views.open the emulator received for it. */
  const viewsOpenAfter = async (result: LoadResult): Promise<NonNullable<Row["viewsOpen"]>> => {
    const sentAt = new Map(result.commands.triggers.map((t, i) => [t, result.commands.sentAt[i]!]));
    const lags: number[] = [];
    let refused = 0;
    // Until every command's views.open has come, or its trigger has expired (3 s) for a while.
    for (const deadline = performance.now() + 3_500; ; await sleep(100)) {
      const opened = await fake.call<ViewsOpened>("viewsOpened");
      opened.triggers.forEach((t, i) => {
        const sent = sentAt.get(t);
        if (sent === undefined) return;
        if (opened.ok[i]) lags.push(opened.at[i]! - sent);
        else refused++;
      });
      if (lags.length + refused >= sentAt.size || performance.now() > deadline) break;
    }
    return { stats: summarize(lags), refused, missing: sentAt.size - lags.length - refused };
  };

  /** One row: connections opened, then the load; `atStart` runs right before the measured requests. */
  const measure = async (
    server: Server,
    kind: RequestKind | "mixed",
    mode: Mode,
    req: Partial<LoadRequest>,
    opts: { generators?: number; atStart?: () => Promise<void> } = {},
  ): Promise<Row> => {
    const generators = opts.generators ?? generatorsUsed;
    const kinds: RequestKind[] = kind === "mixed" ? ["command", "click", "submission"] : [kind];
    const bot = isBot(server) ? server : undefined;
    const clicks = { first: server.nextClick, stride: 1 };
    const base = { url: server.url, kinds, concurrency: CONCURRENCY, triggersUrl: fake.ready.triggersUrl, ...(bot ? { refKey: bot.refKey } : {}) };
    // While the bot is idle (the bench writing during its transactions could make them fail).
    if (bot && mode !== "draining") await settle(bot);
    // Open all connections first (the server drops idle keep-alive connections after 5 s).
    const pre = await load.run({ ...base, clicks, durationMs: 0, idPrefix: `VP${runs}X`, preconnect: true }, generators);
    clicks.first += pre.clicksUsed;
    const idPrefix = `VM${runs++}X`;
    await fake.call<ViewsOpened>("viewsOpened");
    const gens = load.pids().slice(0, generators);
    await opts.atStart?.();
    if (isAnchor(server)) await anchorWork(server); // the preconnect's work done, and counted from here
    const before = { server: processUsage(server.pid), gens: sumUsage(gens), slack: processUsage(fake.pid), machine: machineBusyMs() };
    const t0 = performance.now();
    const result = await load.run({ ...base, clicks, durationMs: PACED_MS, ...req, idPrefix }, generators);
    const wall = performance.now() - t0;
    const after = { server: processUsage(server.pid), gens: sumUsage(gens), slack: processUsage(fake.pid), machine: machineBusyMs() };
    server.nextClick = clicks.first + result.clicksUsed;
    await sleep(300); // commits still under way at the end
    const row: Row = {
      server,
      kind,
      mode,
      result,
      stats: summarize(allLatencies(result)),
      cpu: {
        server: cpuShare(before.server, after.server, wall),
        generators: cpuShare(before.gens, after.gens, wall),
        slack: cpuShare(before.slack, after.slack, wall),
        machine: before.machine !== undefined && after.machine !== undefined ? (after.machine - before.machine) / wall : Number.NaN,
      },
      generators,
    };
    if (bot) {
      const effects: string[] = [];
      if (kinds.includes("submission")) {
        row.committed = await count(bot.store, SQL.committed, ...keyRange(idPrefix));
        effects.push(`${num(row.committed)} committed`);
      }
      if (kinds.includes("click")) {
        const acknowledged = () => count(bot.store, SQL.acknowledged, clicks.first, bot.nextClick);
        const atEnd = await acknowledged();
        // A click is acked before it is recorded: what the bot has yet to record is waited for (while
        // it still grows, up to 15 s), so the next row does not carry it and the lag shows.
        let all = atEnd;
        const t = performance.now();
        let grew = t;
        while (all < result.clicksUsed && performance.now() - grew < 2_000 && performance.now() - t < 15_000) {
          await sleep(100);
          const n = await acknowledged();
          if (n > all) [all, grew] = [n, performance.now()];
        }
        row.acknowledged = { atEnd, all, lagMs: grew - t };
        effects.push(all === atEnd ? `${num(all)} acknowledged` : `${num(all)} acknowledged (${num(atEnd)} by the row's end, the last ${ms(grew - t + 300)} after it)`);
      }
      if (kinds.includes("command")) {
        row.viewsOpen = await viewsOpenAfter(result);
        effects.push(`${num(row.viewsOpen.stats.n)} modals opened`);
      }
      effects.push(`${num(await count(bot.store, SQL.unsent))} outbox rows unsent at the end`);
      row.effect = effects.join(", ");
    }
    if (isAnchor(server)) {
      row.effect = describeWork(await anchorWork(server));
      if (kinds.includes("command")) row.viewsOpen = await viewsOpenAfter(result);
    }
    if (process.env.BENCH_TRACE) console.error(`[${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${server.label} ${kind} ${mode}: ${result.sent} in ${(wall / 1000).toFixed(1)} s, p99 ${ms(row.stats.p99)} ${row.effect ?? ""}`);
    return row;
  };

  const pacedReq: Partial<LoadRequest> = { ratePerSec: PACED_RATE, durationMs: PACED_MS };
  const inFlightReq: Partial<LoadRequest> = { durationMs: IN_FLIGHT_MIN_MS, minSamples: MIN_SAMPLES, maxDurationMs: IN_FLIGHT_MAX_MS };

  // ---- Is one generator process enough? Bare Bolt (the fastest server here) with one and with two.
  await measure(bare, "mixed", "in flight", { durationMs: WARMUP_MS }, { generators: 2 });
  const withOne = await measure(bare, "mixed", "in flight", { durationMs: CHECK_MS }, { generators: 1 });
  const withTwo = await measure(bare, "mixed", "in flight", { durationMs: CHECK_MS }, { generators: 2 });
  const gain = reqPerSec(withTwo) / reqPerSec(withOne);
  if (gain >= 1.1) generatorsUsed = 2;
  const generatorCheck = [withOne, withTwo];

  await sleep(2_000);
  for (const bot of bots) bot.rssIdle = processUsage(bot.pid)?.rss ?? Number.NaN;

  // ---- Paced and 50 in flight, bare Bolt, the anchors and each bot side by side, kind by kind.
  for (const kind of ["command", "click", "submission"] as const) {
    const servers: Server[] = [bare, ...anchorsFor(anchors, kind), ...bots];
    for (const server of servers) await measure(server, kind, "in flight", { durationMs: WARMUP_MS });
    for (const [mode, req] of [["paced", pacedReq], ["in flight", inFlightReq]] as const) {
      for (const server of servers) rows.push(await measure(server, kind, mode, req));
    }
  }

  // ---- 50 in flight while 4,000 posts over 200 channels drain at Slack's pace (the kinds with a target).
  /**
   * The backlog's escalations are written an hour ahead, so that none of their messages is due for
   * the bot (which polls the outbox on its own) before it is routed; each open is a transaction of
   * its own, as the bot's are.
   */
  const later = (): number => Date.now() + 3_600_000;
  const ahead: Clock = { now: later };
  /**
   * Opens the backlog's escalations and routes each (and its queued post) to one of the 200 channels,
   * in chunks of 250, each routed in one transaction (on SQLite taking the write lock at the start:
   * a deferred one could not wait for it once the bot had written). Their messages are made due only
   * once all are queued (as they would have been when opened), so the bot meanwhile has nothing to
   * write that would wait for the lock.
   */
  const queueBacklog = async (bot: Bot, prefix: string): Promise<{ first: number; last: number }> => {
    const service = new EscalationService({ db: bot.store.db, clock: ahead, policy: deps.policy });
    for (let from = 0; from < BACKLOG; from += 250) {
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      // A few at once: PostgreSQL commits them side by side (SQLite takes them in turn all the same).
      let next = from;
      const end = Math.min(BACKLOG, from + 250);
      const opener = async () => {
        for (let i = next++; i < end; i = next++) {
          const { escalation } = await service.open({ input: BACKLOG_INPUT, reporterId: `U0REP${i % 20}`, reporterChannelId: null, submissionKey: `${prefix}${i}` });
          first = Math.min(first, escalation.id);
          last = Math.max(last, escalation.id);
        }
      };
      await Promise.all(Array.from({ length: 8 }, opener));
      await bot.store.runInTransaction([
        [SQL.route, first, last],
        [SQL.routePosts, later(), first, last],
      ]);
    }
    const ids = await bot.store.get<{ first: number; last: number }>(SQL.idRange, ...keyRange(prefix));
    await bot.store.run(SQL.release, Date.now(), ids.first, ids.last);
    return ids;
  };
  const posts = async (bot: Bot, ids: { first: number; last: number }) => {
    const r = await bot.store.get<{ sent: number | string | null; left: number | string | null }>(SQL.posts, ids.first, ids.last);
    return { sent: Number(r.sent ?? 0), left: Number(r.left ?? 0) };
  };
  for (const bot of bots) {
    for (const [k, kind] of (["command", "click"] as const).entries()) {
      await settle(bot);
      const ids = await queueBacklog(bot, `VDRAIN${k}X`);
      // The bot finds the rows at its next poll (every second); measure once it is sending them.
      for (const deadline = performance.now() + 5_000; (await posts(bot, ids)).sent === 0 && performance.now() < deadline; ) await sleep(25);
      let sentBefore = 0;
      const row = await measure(bot, kind, "draining", { ...inFlightReq, maxDurationMs: DRAIN_MAX_MS }, { atStart: async () => void (sentBefore = (await posts(bot, ids)).sent) });
      const state = await posts(bot, ids);
      rows.push({ ...row, backlog: { postedDuring: state.sent - sentBefore, leftAtEnd: state.left } });
    }
    bot.rssAfterLoad = processUsage(bot.pid)?.rss ?? Number.NaN;
  }

  // ---- 60 s of paced load on the SQLite bot, the three kinds in turn; RSS sampled every second.
  const soaked = bots[0]!;
  let rssSoakMax = 0;
  const sampler = setInterval(() => (rssSoakMax = Math.max(rssSoakMax, processUsage(soaked.pid)?.rss ?? 0)), 1_000);
  const soak = await measure(soaked, "mixed", "soak", { ratePerSec: PACED_RATE, durationMs: SOAK_MS });
  clearInterval(sampler);
  const rssAfterSoak = processUsage(soaked.pid)?.rss ?? Number.NaN;
  const problems = bots.map((bot) => ({ bot, ...bot.process.problems() }));
  const elapsed = (performance.now() - startedAt) / 1000;
  for (const bot of bots) {
    await bot.process.stop();
    await bot.store.close();
  }
  await bareChild.stop();
  for (const anchor of anchors) await anchor.stop();
  await fake.stop();

  // ---- Tables.
  const find = (server: Server, kind: RequestKind, mode: Mode) => rows.find((r) => r.server === server && r.kind === kind && r.mode === mode)!;
  const ratio = (row: Row, ref: Row) => row.stats.p99 / ref.stats.p99;
  const share = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "—");
  const loadLabel = (r: Row) =>
    r.mode === "paced" || r.mode === "soak" ? `paced ${PACED_RATE}/s${r.mode === "soak" ? `, ${SOAK_MS / 1000} s soak` : ""}` : `${CONCURRENCY} in flight${r.mode === "draining" ? ", draining" : ""}`;
  /** Backlog posts that reached the emulator per second of a draining row. */
  const postsPerSec = (r: Row) => (r.backlog?.postedDuring ?? Number.NaN) / (r.result.elapsedMs / 1000);
  const table = [["request", "load", "server", "requests", "req/s", "non-200", "ack p50", "p95", "p99", "max", "p99 / anchor", "p99 / bare", "CPU server", "gen", "Slack", "machine", "what the server did"]];
  const line = (r: Row, label = loadLabel(r)) => {
    const refMode = r.mode === "paced" ? "paced" : "in flight";
    const ref = isBot(r.server) && r.kind !== "mixed" ? find(bare, r.kind, refMode) : undefined;
    const anchorRef = isBot(r.server) && r.kind !== "mixed" ? find(anchorFor(anchors, r.server.engine, r.kind), r.kind, refMode) : undefined;
    table.push([
      r.kind === "mixed" ? "all three in turn" : KIND_LABEL[r.kind],
      label,
      r.server.label,
      num(r.result.sent),
      num(reqPerSec(r)),
      num(r.result.failed),
      ms(r.stats.p50),
      ms(r.stats.p95),
      ms(r.stats.p99),
      ms(r.stats.max),
      anchorRef ? `${ratio(r, anchorRef).toFixed(2)}×` : "",
      ref ? `${ratio(r, ref).toFixed(2)}×` : "",
      share(r.cpu.server),
      share(r.cpu.generators),
      share(r.cpu.slack),
      share(r.cpu.machine),
      [r.effect, r.backlog ? `${num(r.backlog.postedDuring)} backlog posts sent (${num(postsPerSec(r))}/s), ${num(r.backlog.leftAtEnd)} left` : undefined]
        .filter(Boolean)
        .join("; "),
    ]);
  };
  for (const r of generatorCheck) line(r, `${CONCURRENCY} in flight, ${r.generators} generator${r.generators > 1 ? "s" : ""}`);
  for (const r of rows) line(r);
  line(soak);
  const failures = [...generatorCheck, ...rows, soak].filter((r) => r.result.failed > 0).map((r) => `${r.server.label} ${r.kind} ${loadLabel(r)}: ${JSON.stringify(r.result.statuses)}`);
  const waits = [...rows, soak].reduce((s, r) => s + r.result.triggerWaits, 0);
  const perRequestUs = (r: Row) => (r.result.cpuMs * 1000) / r.result.sent;
  // Enough when a second process got no more out of bare Bolt, or when the ones used are far from a whole core each.
  const generatorOk = gain < 1.1 || withTwo.cpu.generators / 2 < 0.8;
  const engines = bots.map((b) => ENGINE_LABEL[b.engine]).join(" and ");
  printTable(
    `4. End to end over signed HTTP: the bot (node dist/main.js, ${num(deps.seeded)} stored, on ${engines}) vs the same-work anchor and a bare Bolt app that only acks, each in its own process`,
    table,
    [
      `load generator: ${generatorsUsed} process${generatorsUsed > 1 ? "es" : ""} for the rows below the first two (node:http, keep-alive, connections opened before each row), ` +
        `${perRequestUs(withOne).toFixed(0)} µs CPU a request; a second one got ${gain.toFixed(2)}× the req/s out of bare Bolt: ${generatorOk ? "the generator is not the bottleneck" : "the generators may be the bottleneck"}`,
      `paced = open loop, latency from each request's scheduled start; ${CONCURRENCY} in flight = closed loop until ${num(MIN_SAMPLES)}+ responses and ${IN_FLIGHT_MIN_MS / 1000}+ s, every server saturated, so latency ≈ ${CONCURRENCY} / throughput`,
      `draining: a fresh backlog of ${num(BACKLOG)} Sev 3 posts over ${DRAIN_CHANNELS} channels queued just before (one a second per channel: ${DRAIN_CHANNELS} posts/s at most); p99 / anchor and / bare against their ${CONCURRENCY}-in-flight rows`,
      `p99 / anchor: against the same-work anchor on the bot's engine (table 4d); p99 / bare for information (no longer targets: ≤ ${RATIO_IN_FLIGHT}× in flight and ≤ ${RATIO_DRAINING}× draining, which no bot that calls Slack can meet)`,
      `CPU = cores used during the row by the server, the generators, the emulator, and the whole machine (anything else running on it, the PostgreSQL server included), of ${os.cpus().length}`,
      `before each bot row its unsent outbox rows were marked sent (${bots.map((b) => `${num(b.settled)} on ${ENGINE_LABEL[b.engine]}`).join(", ")}: the posts of earlier rows, paced at one a second in #fleet-support-tier2), so that no row carries another's backlog`,
      `bot: LOG_LEVEL ${BOT_LOG_LEVEL} to a file, default pacing and scheduler; clicks acknowledge seeded escalations, one each; commands carry trigger ids the emulator issued < 1 s before` +
        (waits > 0 ? ` (${num(waits)} commands waited for one)` : ""),
      ...(bots.length > 1 ? ["PostgreSQL: the bot's database on the server on 127.0.0.1 (DATABASE_URL), a copy of the same escalations; its bot waits idle while the other rows run"] : []),
      ...problems.flatMap((p) => [
        `${p.bot.label} log: ${num(p.warnings)} warning(s), ${num(p.errors)} error(s)${p.first.length ? `; first: ${p.first.join(" | ")}` : ""}`,
        ...(p.exit ? [`THE BOT (${ENGINE_LABEL[p.bot.engine]}) ${p.exit}`] : []),
      ]),
      ...failures,
      `section took ${elapsed.toFixed(0)} s`,
    ],
  );
  deps.targets.add({
    section: 4,
    target: "load generator not the bottleneck",
    figure: `bare Bolt ${num(reqPerSec(withOne))} req/s with 1, ${num(reqPerSec(withTwo))} with 2 (${gain.toFixed(2)}×); ${generatorsUsed} used`,
    met: generatorOk,
  });

  const viewRows = [...rows, soak].filter((r) => r.viewsOpen);
  printTable(
    "4b. views.open after receipt: the load generator sends /escalate → the emulator receives the server's views.open for that trigger",
    [
      ["load", "server", "commands", "modals opened", "refused", "missing", "p50", "p95", "p99", "max", `target p99 ≤ ${VIEWS_OPEN_MS} ms`],
      ...viewRows.map((r) => {
        const v = r.viewsOpen!;
        return [
          loadLabel(r),
          r.server.role === "anchor" ? "same-work anchor" : r.server.label,
          num(r.result.commands.triggers.length),
          num(v.stats.n),
          num(v.refused),
          num(v.missing),
          ms(v.stats.p50),
          ms(v.stats.p95),
          ms(v.stats.p99),
          ms(v.stats.max),
          r.server.role === "anchor" ? "(reference)" : v.stats.p99 <= VIEWS_OPEN_MS && v.refused + v.missing === 0 ? "met" : "missed",
        ];
      }),
    ],
    [
      "refused = the emulator answered an error (an expired trigger: more than 3 s after it was issued); missing = no views.open arrived",
      "the same-work anchor acks, then builds the bot's modal and calls views.open through @slack/web-api: what the obvious code gets on this machine",
    ],
  );

  const perKind = (kind: RequestKind) => summarize(soak.result.latencies[kind] ?? []);
  const requestsTo = (bot: Bot) => rows.filter((r) => r.server === bot).reduce((s, r) => s + r.result.sent, 0);
  printTable(`4c. RSS of the bot process (from /proc), and the ${SOAK_MS / 1000} s soak (on SQLite)`, [
    ["when", "bot", "RSS", "notes"],
    ...bots.flatMap((bot) => [
      ["idle, after start", ENGINE_LABEL[bot.engine], mb(bot.rssIdle), "before any request to it (the generator check ran against bare Bolt meanwhile)"],
      ["after the load rows", ENGINE_LABEL[bot.engine], mb(bot.rssAfterLoad), `${num(requestsTo(bot))} requests`],
    ]),
    ["during the soak, highest", ENGINE_LABEL[soaked.engine], mb(rssSoakMax || Number.NaN), `sampled every second; ${num(soak.result.sent)} requests at ${PACED_RATE}/s, the three kinds in turn`],
    ["after the soak", ENGINE_LABEL[soaked.engine], mb(rssAfterSoak), `target ≤ ${mb(RSS_LIMIT)}: ${rssAfterSoak <= RSS_LIMIT ? "met" : "missed"}`],
  ], [
    `soak ack p99: /escalate ${ms(perKind("command").p99)}, click ${ms(perKind("click").p99)}, submit ${ms(perKind("submission").p99)}`,
  ]);

  reportSameWork({ rows, bots, anchors, bare, targets: deps.targets });

  // ---- Targets, and the figures compared between engines.
  for (const bot of bots) {
    const on = `(${ENGINE_LABEL[bot.engine]})`;
    const paced = find(bot, "command", "paced").viewsOpen!;
    const inFlight = find(bot, "command", "in flight").viewsOpen!;
    deps.targets.add({
      section: 4,
      target: `views.open ≤ ${VIEWS_OPEN_MS} ms after receipt, p99 paced ${PACED_RATE}/s ${on}`,
      figure: `${ms(paced.stats.p99)}; ${num(paced.refused + paced.missing)} not opened`,
      met: paced.stats.p99 <= VIEWS_OPEN_MS && paced.refused + paced.missing === 0,
    });

    const t = deps.engineTable;
    const submits = find(bot, "submission", "in flight");
    t.add(
      `end to end: modal form over HTTP → escalation committed, ${CONCURRENCY} in flight`,
      bot.engine,
      `${num(reqPerSec(submits))}/s (${num(submits.committed ?? 0)} of ${num(submits.result.sent)} committed), ack p99 ${ms(submits.stats.p99)}`,
    );
    const drains = (["command", "click"] as const).map((kind) => find(bot, kind, "draining"));
    t.add(
      `end to end: queued posts → the emulator, ${num(BACKLOG)} over ${DRAIN_CHANNELS} channels, while ${CONCURRENCY} /escalate | clicks in flight`,
      bot.engine,
      drains.map((r) => `${num(postsPerSec(r))}/s`).join(" | "),
      `≤ ${DRAIN_CHANNELS}/s (Slack's pace)`,
    );
    // A paced row the bot cannot keep up with takes longer than planned: its rate says how far behind it fell.
    for (const kind of ["submission", "command", "click"] as const) {
      const r = find(bot, kind, "paced");
      t.add(`${KIND_LABEL[kind]} ack p99, paced ${PACED_RATE}/s (the rate it kept)`, bot.engine, `${ms(r.stats.p99)} (${num(reqPerSec(r))}/s)`);
    }
    t.add(`views.open after receipt p99, paced ${PACED_RATE}/s / ${CONCURRENCY} in flight`, bot.engine, `${ms(paced.stats.p99)} / ${ms(inFlight.stats.p99)}`, `≤ ${VIEWS_OPEN_MS} ms`);
    t.add(`/escalate, ${CONCURRENCY} in flight: req/s`, bot.engine, num(reqPerSec(find(bot, "command", "in flight"))));
    const clicks = find(bot, "click", "in flight");
    const recorded = clicks.acknowledged;
    t.add(
      `Acknowledge click, ${CONCURRENCY} in flight: acks/s (acked first, recorded after)`,
      bot.engine,
      `${num(reqPerSec(clicks))}/s${recorded && recorded.all > recorded.atEnd ? `, the last recorded ${ms(recorded.lagMs + 300)} after the row` : ""}`,
    );
    t.add("bot RSS after the load rows", bot.engine, mb(bot.rssAfterLoad));
  }
  deps.targets.add({
    section: 4,
    target: `RSS ≤ ${mb(RSS_LIMIT)} after a ${SOAK_MS / 1000} s soak (${ENGINE_LABEL[soaked.engine]})`,
    figure: `${mb(rssAfterSoak)} (idle ${mb(soaked.rssIdle)}, after load ${mb(soaked.rssAfterLoad)})`,
    met: rssAfterSoak <= RSS_LIMIT,
  });
}
