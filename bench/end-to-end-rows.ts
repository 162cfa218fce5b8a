/** What section 4 (bench/end-to-end.ts) measures a row of, shared by its tables (bench/same-work-anchor.ts). */
import type { Engine } from "../src/db/connection.js";
import type { LoadResult, RequestKind } from "./load-generator.js";
import type { Summary } from "./stats.js";

export const CONCURRENCY = 50;
/** Well under what the bot handles on 2 cores, so that paced rows show it unsaturated. */
export const PACED_RATE = 100;
export const VIEWS_OPEN_MS = 300;

export const KIND_LABEL: Record<RequestKind, string> = { command: "/escalate", click: "Acknowledge click", submission: "modal submit" };

export type Mode = "paced" | "in flight" | "draining" | "soak";

/**
 * A server under load: bare Bolt (acks only), a same-work anchor (the obvious minimal app doing the
 * bot's work per request, on a database of the bot's engine) or the bot.
 */
export interface Server {
  role: "bare" | "anchor" | "bot";
  label: string;
  url: string;
  pid: number;
  /** The database engine (anchors and bots). */
  engine?: Engine;
  /** The seeded escalation its next click acknowledges: each click one not acknowledged before. */
  nextClick: number;
}

export interface Row {
  server: Server;
  kind: RequestKind | "mixed";
  mode: Mode;
  result: LoadResult;
  stats: Summary;
  /** Cores used during the row: the server, the generators, the emulator, and the whole machine. */
  cpu: { server: number; generators: number; slack: number; machine: number };
  generators: number;
  /** What the server did with them: escalations committed, acknowledged, modals opened. */
  effect?: string;
  /** Modal submits: escalations the bot committed from this row's forms. */
  committed?: number;
  /** Clicks: escalations acknowledged by the row's end (+300 ms), in all, and how much later the last was recorded. */
  acknowledged?: { atEnd: number; all: number; lagMs: number };
  /** From the generator sending `/escalate` to the emulator receiving the server's views.open for it. */
  viewsOpen?: { stats: Summary; refused: number; missing: number };
  backlog?: { postedDuring: number; leftAtEnd: number };
}

export const reqPerSec = (r: Row): number => r.result.sent / (r.result.elapsedMs / 1000);
