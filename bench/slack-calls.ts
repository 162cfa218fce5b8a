/**
 * The bot's hot Web API calls, alone: `npx tsx bench/slack-calls.ts [calls]` (default 2,000 a row).
 *
 * The emulator runs in a process of its own (bench/fake-slack-child.ts, as in section 4); this one
 * makes the calls with 50 in flight, each client configured as the bot configures it:
 * - `views.open` of the escalation form, as a listener's client does after `/escalate` (Bolt's
 *   client options: two quick retries, 429s rejected, failures reported to /metrics, the team id);
 * - `chat.postMessage` and `chat.update` of an escalation's post, as the deliverer does (no
 *   retries, 429s rejected, a 10 s timeout, failures reported).
 * Each row runs once through `@slack/web-api`'s WebClient and once through the hot-call path
 * (src/slack/hot-calls.ts), interleaved, `BENCH_REPEAT` times (default 3); it prints the CPU time
 * of this process per call (process.cpuUsage: the emulator's own work is not counted), the
 * latency of a call p50/p99 and the median of the repeats. Logging at "info", as in production.
 *
 * `node --cpu-prof --import tsx bench/slack-calls.ts` writes the profile that shows where it goes.
 */
import type { WebClient } from "@slack/web-api";
import { createLogger } from "../src/logger.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../src/policy/loader.js";
import { buildEscalationMessage } from "../src/slack/views/escalation-message.js";
import { buildEscalationModal } from "../src/slack/views/escalation-modal.js";
import { RefSigner } from "../src/slack/signed-ref.js";
import { escalationRow } from "../test/support/escalation-row.js";
import { EMULATOR_IDS } from "../src/sandbox/identity.js";
import type { FakeSlackReady } from "./fake-slack-child.js";
import { forkChild } from "./processes.js";
import { BENCH_PEOPLE } from "./seed.js";
import { ms, printTable, summarize } from "./stats.js";
import { benchClients, type ClientKind } from "./slack-call-clients.js";

const CALLS = Number(process.argv[2] ?? 2_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const IN_FLIGHT = 50;
const TOKEN = "xoxb-bench-token";
/** Trigger ids fetched at a time: each is valid for 3 s, and a busy machine stretches a batch. */
const TRIGGER_BATCH = 200;

const logger = createLogger({ level: "info", format: "json" });
const policy = loadPolicyFile(DEFAULT_POLICY_FILE);
const refs = new RefSigner({ key: "ab".repeat(32), installation: "bench" });

const cleanups: (() => unknown)[] = [];
const fake = await forkChild<FakeSlackReady>("./fake-slack-child.ts", {
  onCleanup: (fn) => {
    cleanups.push(fn);
    return async () => void (await fn());
  },
});
const { url, triggersUrl } = fake.ready;

/** Fresh trigger ids (valid 3 s, once), asked for just before the calls that use them. */
async function triggers(count: number): Promise<string[]> {
  const res = await fetch(triggersUrl, { method: "POST", body: JSON.stringify({ user: BENCH_PEOPLE[0]!.id, count }) });
  return ((await res.json()) as { ids: string[] }).ids;
}

/** A posted message to update: chat.update needs one that exists. */
async function postOne(client: WebClient): Promise<string> {
  const res = await client.chat.postMessage({ channel: "C0TIER2", text: "to update" });
  return res.ts!;
}

interface Outcome {
  cpuPerCall: number;
  latencies: number[];
  failed: number;
}

/** Runs `calls` calls of `one`, `IN_FLIGHT` at a time, and measures this process's CPU. */
async function run(calls: number, one: (i: number) => Promise<unknown>): Promise<Outcome> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (next < calls) {
      const i = next++;
      const t0 = performance.now();
      try {
        await one(i);
      } catch {
        failed++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(cpu);
  return { cpuPerCall: (used.user + used.system) / 1000 / calls, latencies, failed };
}

const modal = () => buildEscalationModal({ policy, summary: "Uploads fail for every driver", channelId: "C0TIER2" });
const message = () => buildEscalationMessage(escalationRow({ id: 7 }), { policy, now: Date.now(), refs });

type Row = { method: string; kind: ClientKind; outcomes: Outcome[] };
const rows: Row[] = [];
const clients = benchClients({ token: TOKEN, slackApiUrl: url, logger, teamId: EMULATOR_IDS.teamId });

async function viewsOpen(kind: ClientKind): Promise<Outcome> {
  const client = clients.listener(kind);
  // Batches of ids fetched just before their calls: an id is valid for 3 s.
  const outcomes: Outcome[] = [];
  for (let done = 0; done < CALLS; done += TRIGGER_BATCH) {
    const n = Math.min(TRIGGER_BATCH, CALLS - done);
    const ids = await triggers(n);
    outcomes.push(await run(n, (i) => client.views.open({ trigger_id: ids[i]!, view: modal() })));
  }
  return {
    cpuPerCall: outcomes.reduce((a, o) => a + o.cpuPerCall * o.latencies.length, 0) / CALLS,
    latencies: outcomes.flatMap((o) => o.latencies),
    failed: outcomes.reduce((a, o) => a + o.failed, 0),
  };
}

async function postMessage(kind: ClientKind): Promise<Outcome> {
  const client = clients.deliverer(kind);
  return run(CALLS, () => client.chat.postMessage({ channel: "C0TIER2", ...message() }));
}

async function update(kind: ClientKind): Promise<Outcome> {
  const client = clients.deliverer(kind);
  const ts = await postOne(client);
  return run(CALLS, () => client.chat.update({ channel: "C0TIER2", ts, ...message() }));
}

try {
  const methods: [string, (kind: ClientKind) => Promise<Outcome>][] = [
    ["views.open (listener)", viewsOpen],
    ["chat.postMessage (deliverer)", postMessage],
    ["chat.update (deliverer)", update],
  ];
  const kinds = (process.env.BENCH_CLIENTS?.split(",") ?? ["web-api", "hot-calls"]) as ClientKind[];
  // Warm both up (JIT, connections) before measuring.
  for (const [, fn] of methods) for (const kind of kinds) await fn(kind);
  for (const [method] of methods) for (const kind of kinds) rows.push({ method, kind, outcomes: [] });
  for (let r = 0; r < REPEAT; r++) {
    for (const [method, fn] of methods) {
      for (const kind of kinds) rows.find((x) => x.method === method && x.kind === kind)!.outcomes.push(await fn(kind));
    }
  }
  const median = (xs: number[]) => summarize(xs).p50;
  printTable(
    `Hot Web API calls, ${CALLS} a run, ${IN_FLIGHT} in flight, ${REPEAT} runs (CPU of the calling process per call; latency of each call)`,
    [
      ["call", "client", "CPU/call (median)", "CPU/call (runs)", "latency p50", "latency p99", "failed"],
      ...rows.map((row) => {
        const all = summarize(row.outcomes.flatMap((o) => o.latencies));
        return [
          row.method,
          row.kind,
          ms(median(row.outcomes.map((o) => o.cpuPerCall))),
          row.outcomes.map((o) => o.cpuPerCall.toFixed(3)).join(" / "),
          ms(all.p50),
          ms(all.p99),
          String(row.outcomes.reduce((a, o) => a + o.failed, 0)),
        ];
      }),
    ],
    [
      "The emulator runs in its own process; its CPU is not counted. Latency includes waiting for the emulator, which shares the machine.",
      "CPU per call includes building the modal or message (the same for both clients).",
      ...(clients.errors.size > 0 ? [`failed calls by method and code (every run and the warm-up): ${[...clients.errors].map(([k, n]) => `${k} ×${n}`).join(", ")}`] : []),
    ],
  );
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
