/**
 * CPU time per database operation of the bot, in this process: what a request or a clock costs the
 * bot's own thread, apart from waiting for the disk or the server. It is where building SQL shows:
 * drizzle builds a query's SQL anew on each call unless it is prepared (src/db/prepared.ts).
 */
import type { Policy } from "../src/domain/playbook/model.js";
import { ReceiptRepo } from "../src/db/receipt-repo.js";
import { EscalationService } from "../src/services/escalation-service.js";
import { ManualClock } from "../test/support/clock.js";
import { BENCH_NOW, SAMPLE_INPUT } from "./seed.js";
import type { BenchStore } from "./stores.js";

export interface OperationCost {
  operation: string;
  runs: number;
  /** CPU of this process (user + system) per operation. */
  cpuMs: number;
  wallMs: number;
}

/** The engineer who acknowledges: in the routed channel and holding the roles that may. */
const ENGINEER = {
  userId: "U0BENCHENG",
  channels: new Set(["#fleet-support-tier2", "#fleet-support-tier3", "#security-alerts"]),
  roles: new Set(["tier2", "tier3", "security"]),
};

/**
 * Opens `runs` escalations, acknowledges each, claims as many request keys and looks each
 * escalation up by id, one after another (nothing else runs in the process meanwhile), after a
 * warm-up of each.
 */
export async function measureOperationCosts(store: BenchStore, policy: Policy, runs: number, warmup: number): Promise<OperationCost[]> {
  const clock = new ManualClock(BENCH_NOW);
  const service = new EscalationService({ db: store.db, clock, policy });
  const ids: number[] = [];
  const open = async (i: number) => {
    clock.advance(1_000);
    const result = await service.open({ input: SAMPLE_INPUT, reporterId: "U0REP0", reporterChannelId: "C0TIER1", submissionKey: `VOPS${i}` });
    ids.push(result.escalation.id);
  };
  const acknowledge = async (i: number) => {
    clock.advance(1_000);
    const result = await service.acknowledge(ids[i]!, ENGINEER);
    if (result.kind !== "acknowledged") throw new Error(`acknowledging ESC ${ids[i]} gave ${result.kind}`);
  };
  const claim = (i: number) =>
    store.db.transaction((tx) => new ReceiptRepo(tx).claim(`bench-ops-${i}`, { holder: "bench", claim: `c${i}` }, clock.now(), { staleBefore: 0, othersBefore: 0 }));
  const lookUp = async (i: number) => {
    if (!(await service.get(ids[i]!))) throw new Error(`ESC ${ids[i]} not found`);
  };
  const total = warmup + runs;
  const costs: OperationCost[] = [];
  for (const [operation, fn] of [
    ["open an escalation", open],
    ["acknowledge it", acknowledge],
    ["claim a request", claim],
    ["look an escalation up by id", lookUp],
  ] as const) {
    for (let i = 0; i < warmup; i++) await fn(i);
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = warmup; i < total; i++) await fn(i);
    const used = process.cpuUsage(cpu);
    costs.push({ operation, runs, cpuMs: (used.user + used.system) / 1000 / runs, wallMs: (performance.now() - started) / runs });
  }
  return costs;
}
