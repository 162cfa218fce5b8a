/**
 * Section 4's yardstick: the same-work anchor (bench/same-work-anchor-child.ts), one per database
 * engine the bot runs on, and the table that sets the bot beside it and beside bare Bolt, kind by
 * kind, paced and with 50 in flight. Bare Bolt makes no Slack call and writes nothing, which no bot
 * can match: its ratio is printed for information. The targets are against the anchor, which does
 * the bot's work the obvious way.
 */
import type { Engine } from "../src/db/connection.js";
import { CONCURRENCY, KIND_LABEL, PACED_RATE, reqPerSec, VIEWS_OPEN_MS, type Mode, type Row, type Server } from "./end-to-end-rows.js";
import type { RequestKind } from "./load-generator.js";
import { forkChild, type ChildHandle } from "./processes.js";
import type { AnchorCounts, AnchorReady } from "./same-work-anchor-child.js";
import { ms, num, printTable, sleep } from "./stats.js";
import { ENGINE_LABEL } from "./stores.js";
import { verdict, type Targets } from "./targets.js";

/** The bot's ack p99 with 50 in flight, as a multiple of the anchor's, at most. */
export const RATIO_ANCHOR = 1.0;
/** PostgreSQL's paced submit and click ack p99 as a multiple of SQLite's, at most. */
const RATIO_POSTGRES = 2;

export interface Anchor extends Server {
  engine: Engine;
  /** What it did since the last ask (rows written, Slack calls). */
  counts(): Promise<AnchorCounts>;
  stop(): Promise<void>;
}

/** One anchor per engine, each on an empty database of its own (`env`: DATABASE_PATH or DATABASE_URL). */
export async function startAnchors(
  slackApiUrl: string,
  databases: { engine: Engine; env: Record<string, string> }[],
  onCleanup: (fn: () => unknown) => () => Promise<void>,
): Promise<Anchor[]> {
  const anchors: Anchor[] = [];
  for (const { engine, env } of databases) {
    const child: ChildHandle<AnchorReady> = await forkChild<AnchorReady>("./same-work-anchor-child.ts", { args: [slackApiUrl, JSON.stringify(env)], onCleanup });
    anchors.push({
      role: "anchor",
      label: `anchor, ${ENGINE_LABEL[engine]}`,
      url: child.ready.url,
      pid: child.pid,
      engine,
      nextClick: 1,
      counts: () => child.call<AnchorCounts>("counts"),
      stop: () => child.stop(),
    });
  }
  return anchors;
}

export interface AnchorWork extends AnchorCounts {
  /** How long after the wait began the anchor last did something. */
  lagMs: number;
}

/**
 * Waits until the anchor has done the work of the requests it has acked (a click is acked before
 * its row is written, as the bot's are): until nothing more is done for 300 ms, 15 s at the most.
 * Returns what it did meanwhile, so that a row counts its own work and the next starts idle.
 */
export async function anchorWork(anchor: Anchor): Promise<AnchorWork> {
  const work: AnchorWork = { rowsWritten: 0, slackCalls: 0, slackFailures: 0, lagMs: 0 };
  const t0 = performance.now();
  for (let last = t0; performance.now() - last < 300 && performance.now() - t0 < 15_000; ) {
    await sleep(100);
    const c = await anchor.counts();
    if (c.rowsWritten + c.slackCalls === 0) continue;
    work.rowsWritten += c.rowsWritten;
    work.slackCalls += c.slackCalls;
    work.slackFailures += c.slackFailures;
    last = performance.now();
    work.lagMs = last - t0;
  }
  return work;
}

/** "1,987 rows written, 1,987 Slack calls" for a row's effect column. */
export function describeWork(w: AnchorWork): string {
  return (
    `${num(w.rowsWritten)} rows written, ${num(w.slackCalls)} Slack calls` +
    (w.slackFailures ? ` (${num(w.slackFailures)} failed)` : "") +
    (w.lagMs > 0 ? `, the last ${ms(w.lagMs)} after the row's end` : "")
  );
}

/** `/escalate` touches no database: the first anchor's rows stand for every engine's. */
export function anchorFor(anchors: readonly Anchor[], engine: Engine, kind: RequestKind): Anchor {
  return (kind === "command" ? anchors[0] : anchors.find((a) => a.engine === engine)) ?? anchors[0]!;
}

/** The servers a kind is measured on, in the order their rows are run. */
export function anchorsFor(anchors: readonly Anchor[], kind: RequestKind): Anchor[] {
  return kind === "command" ? anchors.slice(0, 1) : [...anchors];
}

export interface SameWorkReport {
  rows: readonly Row[];
  bots: readonly Server[];
  anchors: readonly Anchor[];
  bare: Server;
  targets: Targets;
}

/**
 * Table 4d and its targets: per kind, mode and engine, the bot's ack p50 / p99 / req/s beside the
 * anchor's and bare Bolt's; views.open after receipt with 50 in flight against 300 ms (the anchor's
 * for reference); PostgreSQL's paced submit and click ack p99 against SQLite's.
 */
export function reportSameWork({ rows, bots, anchors, bare, targets }: SameWorkReport): void {
  const find = (server: Server, kind: RequestKind, mode: Mode) => rows.find((r) => r.server === server && r.kind === kind && r.mode === mode);
  const cells = (r: Row | undefined) => (r ? [ms(r.stats.p50), ms(r.stats.p99), num(reqPerSec(r))] : ["—", "—", "—"]);
  const ratio = (r: Row | undefined, ref: Row | undefined) => (r && ref ? r.stats.p99 / ref.stats.p99 : Number.NaN);
  const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : "—");
  const table = [
    ["request", "load", "engine", "bot p50", "p99", "req/s", "anchor p50", "p99", "req/s", "bare p50", "p99", "req/s", "bot / anchor p99", "bot / bare p99", `≤ ${RATIO_ANCHOR.toFixed(1)}× anchor`],
  ];
  for (const kind of ["command", "click", "submission"] as const) {
    for (const mode of ["paced", "in flight"] as const) {
      for (const bot of bots) {
        const engine = bot.engine!;
        const own = find(bot, kind, mode);
        const anchorRow = find(anchorFor(anchors, engine, kind), kind, mode);
        const r = ratio(own, anchorRow);
        table.push([
          KIND_LABEL[kind],
          mode === "paced" ? `paced ${PACED_RATE}/s` : `${CONCURRENCY} in flight`,
          ENGINE_LABEL[engine],
          ...cells(own),
          ...cells(anchorRow),
          ...cells(find(bare, kind, mode)),
          times(r),
          times(ratio(own, find(bare, kind, mode))),
          Number.isFinite(r) ? verdict(r <= RATIO_ANCHOR) : "—",
        ]);
        if (mode !== "in flight") continue;
        targets.add({
          section: 4,
          target: `${KIND_LABEL[kind]} ack p99 ≤ ${RATIO_ANCHOR.toFixed(1)}× the same-work anchor, ${CONCURRENCY} in flight (${ENGINE_LABEL[engine]})`,
          figure: `${ms(own?.stats.p99 ?? Number.NaN)} vs ${ms(anchorRow?.stats.p99 ?? Number.NaN)}: ${times(r)}`,
          met: r <= RATIO_ANCHOR,
        });
      }
    }
  }
  printTable("4d. The bot beside the same-work anchor and bare Bolt: ack latency and throughput, kind by kind", table, [
    "same-work anchor: a minimal Bolt app in its own process doing what the bot must do per request and nothing more (bench/same-work-anchor-child.ts):",
    "  /escalate: ack, then views.open of the bot's own modal; click: ack, one INSERT (first click wins), one chat.update; submit: one INSERT, ack, one chat.postMessage",
    "  its database is of the bot's engine (an empty SQLite file in WAL mode, or a PostgreSQL database of its own); /escalate writes nothing, so the SQLite anchor's rows serve both engines",
    "the bot sends its posts and updates later from its outbox, paced per channel; the anchor makes its one Slack call per request at once",
    `the target is the ${CONCURRENCY}-in-flight rows; paced rows are met/missed for information; bot / bare p99 is for information (bare Bolt acks and does nothing else)`,
  ]);

  const anchorViews = find(anchors[0]!, "command", "in flight")?.viewsOpen;
  for (const bot of bots) {
    const v = find(bot, "command", "in flight")?.viewsOpen;
    const notOpened = v ? v.refused + v.missing : Number.NaN;
    targets.add({
      section: 4,
      target: `views.open ≤ ${VIEWS_OPEN_MS} ms after receipt, p99 at ${CONCURRENCY} in flight (${ENGINE_LABEL[bot.engine!]})`,
      figure: `${ms(v?.stats.p99 ?? Number.NaN)}, ${num(notOpened)} not opened (anchor ${ms(anchorViews?.stats.p99 ?? Number.NaN)})`,
      met: v !== undefined && v.stats.p99 <= VIEWS_OPEN_MS && notOpened === 0,
    });
  }

  const sqliteBot = bots.find((b) => b.engine === "sqlite");
  const postgresBot = bots.find((b) => b.engine === "postgres");
  if (!sqliteBot || !postgresBot) return;
  for (const kind of ["submission", "click"] as const) {
    const pgRow = find(postgresBot, kind, "paced");
    const liteRow = find(sqliteBot, kind, "paced");
    const r = ratio(pgRow, liteRow);
    targets.add({
      section: 4,
      target: `PostgreSQL ${KIND_LABEL[kind]} ack p99, paced ${PACED_RATE}/s, ≤ ${RATIO_POSTGRES}× SQLite's`,
      figure: `${ms(pgRow?.stats.p99 ?? Number.NaN)} vs ${ms(liteRow?.stats.p99 ?? Number.NaN)}: ${times(r)}`,
      met: r <= RATIO_POSTGRES,
    });
  }
}
