/**
 * Delivery under Slack's pacing (one post a second per channel), as the targets state it:
 * - a Sev 1 to an idle channel while another channel holds a backlog of 2,000 posts: how long
 *   from the moment it is opened until its post reaches Slack (target: < 1 s);
 * - 2,000 posts spread over 200 channels: how long until all are in Slack, against the pacing
 *   bound (10 posts a channel at 1/s: 9 s after the first; target: within 1.2× of it).
 * The Deliverer is the real one, paced at 1 s, against the emulator over HTTP, in this process.
 */
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import type { EscalationInput } from "../src/domain/escalation.js";
import type { Logger } from "../src/logger.js";
import { slackLogger } from "../src/slack/slack-logger.js";
import type { Policy } from "../src/domain/playbook/model.js";
import { EscalationService } from "../src/services/escalation-service.js";
import { ChannelDirectory } from "../src/slack/channel-directory.js";
import { Deliverer } from "../src/slack/deliverer.js";
import { RoleDirectory } from "../src/slack/role-directory.js";
import { RefSigner, resolveRefKey } from "../src/slack/signed-ref.js";
import { ManualClock } from "../test/support/clock.js";
import { DEFAULT_CHANNELS, startTestSlack } from "../test/support/test-slack.js";
import { BENCH_NOW, BENCH_PEOPLE, type BenchDb } from "./seed.js";
import { num, printTable, sleep } from "./stats.js";
import { verdict, type Targets } from "./targets.js";

export interface LagDeps {
  policy: Policy;
  logger: Logger;
  tmpRoot: string;
  openDb(path: string): Promise<BenchDb>;
  onCleanup(fn: () => unknown): () => Promise<void>;
  targets: Targets;
}

const PACING_MS = 1_000;
const BACKLOG = 2_000;
const SPREAD_CHANNELS = 200;
const SEV3: EscalationInput = { customer: "Acme Corp", tier: "standard", severity: "sev3", summary: "Report totals are off by one day", fields: {} };
const BREACH: EscalationInput = { customer: "Globex", tier: "enterprise", summary: "Possible data breach: another user's data is visible", fields: {} };

async function rig(deps: LagDeps, name: string, fake: Awaited<ReturnType<typeof startTestSlack>>) {
  const handle = await deps.openDb(join(deps.tmpRoot, `lag-${name}.db`));
  const clock = new ManualClock(BENCH_NOW);
  const client = new WebClient("xoxb-bench", { slackApiUrl: fake.url, logger: slackLogger(deps.logger, "web-api"), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 });
  const deliverer = new Deliverer({
    holder: "bench",
    db: handle.db,
    policy: deps.policy,
    client,
    channels: new ChannelDirectory(client, clock),
    roles: new RoleDirectory(client, deps.policy, clock, deps.logger),
    // Buttons signed with a key for this run only: nobody clicks them.
    refs: new RefSigner(resolveRefKey(undefined, undefined)),
    clock,
    logger: deps.logger,
    postIntervalMs: PACING_MS,
  });
  const service = new EscalationService({ db: handle.db, clock, policy: deps.policy, onOutboxWritten: () => deliverer.kick() });
  // Once: stopping lets go of its lanes in the database.
  const stop = deps.onCleanup(() => deliverer.stop());
  return { handle, deliverer, service, stop };
}

/** The Sev 1's time to Slack while #fleet-support-tier2 holds a paced backlog. */
async function sev1BehindBacklog(deps: LagDeps): Promise<{ lagMs: number; backlogLeft: number }> {
  const fake = await startTestSlack({ channels: DEFAULT_CHANNELS, pageSize: 200, users: BENCH_PEOPLE, keepCalls: 10_000 });
  const stopFake = deps.onCleanup(() => fake.stop());
  const { deliverer, service, handle, stop } = await rig(deps, "sev1", fake);
  for (let i = 0; i < BACKLOG; i++) {
    await service.open({ input: SEV3, reporterId: "U0AGENT", reporterChannelId: "C0TIER1", submissionKey: `VLAG${i}` });
  }
  await deliverer.start(1_000);
  await fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2", 10_000);
  await sleep(2_000); // the backlog is draining, paced
  const opened = performance.now();
  await service.open({ input: BREACH, reporterId: "U0AGENT", reporterChannelId: "C0TIER1", submissionKey: "VLAGSEV1" });
  await fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC", 30_000);
  const lagMs = performance.now() - opened;
  const backlogLeft = Number(
    (handle.client.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND queue = 'channel:fleet-support-tier2'").get() as { n: number }).n,
  );
  await stop();
  await stopFake();
  return { lagMs, backlogLeft };
}

/** 2,000 posts over 200 channels, paced: seconds from the first post to the last. */
async function spreadPosts(deps: LagDeps): Promise<{ seconds: number; posts: number }> {
  const channels = Array.from({ length: SPREAD_CHANNELS }, (_, i) => ({ id: `C0LAG${String(i).padStart(3, "0")}`, name: `lag-${String(i).padStart(3, "0")}` }));
  const fake = await startTestSlack({ channels, pageSize: 200, users: BENCH_PEOPLE, keepCalls: 20_000 });
  const stopFake = deps.onCleanup(() => fake.stop());
  const { deliverer, service, handle, stop } = await rig(deps, "spread", fake);
  for (let i = 0; i < BACKLOG; i++) {
    await service.open({ input: SEV3, reporterId: `U0REP${i % 20}`, reporterChannelId: null, submissionKey: `VSPREAD${i}` });
  }
  // Route each escalation (and its queued post) to one of the 200 channels, ten to each.
  handle.client
    .prepare(
      "UPDATE escalations SET channel = '#lag-' || printf('%03d', id % 200), channels = json_array('#lag-' || printf('%03d', id % 200))",
    )
    .run();
  handle.client
    .prepare("UPDATE outbox SET queue = 'channel:lag-' || printf('%03d', escalation_id % 200) WHERE kind = 'post_escalation'")
    .run();
  await deliverer.start(1_000);
  const toChannels = () => fake.posted().filter((c) => String(c.args.channel).startsWith("C0LAG"));
  const deadline = Date.now() + 120_000;
  while (toChannels().length < BACKLOG && Date.now() < deadline) await sleep(100);
  const posts = toChannels();
  const seconds = posts.length > 0 ? (posts.at(-1)!.at - posts[0]!.at) / 1000 : Number.NaN;
  await stop();
  await stopFake();
  return { seconds, posts: posts.length };
}

export async function benchDeliveryLag(deps: LagDeps): Promise<void> {
  const sev1 = await sev1BehindBacklog(deps);
  const spread = await spreadPosts(deps);
  const bound = (BACKLOG / SPREAD_CHANNELS - 1) * (PACING_MS / 1000);
  const sev1Met = deps.targets.add({
    section: 6,
    target: `Sev 1 to an idle channel < 1 s while another holds ${num(BACKLOG)} posts`,
    figure: `${num(Math.round(sev1.lagMs))} ms`,
    met: sev1.lagMs < 1_000,
  }).met;
  const spreadMet = deps.targets.add({
    section: 6,
    target: `${num(BACKLOG)} posts over ${SPREAD_CHANNELS} channels within 1.2× the pacing bound`,
    figure: `${spread.seconds.toFixed(1)} s (bound ${bound} s, ${(spread.seconds / bound).toFixed(2)}×)`,
    met: spread.posts === BACKLOG && spread.seconds <= bound * 1.2,
  }).met;
  printTable(`6. Delivery under Slack's pacing (${PACING_MS} ms between posts to one channel), real Deliverer into the emulator over HTTP`, [
    ["what", "figure", "target", "verdict"],
    [`Sev 1 to #security-alerts while #fleet-support-tier2 holds ${num(BACKLOG)} posts`, `${num(Math.round(sev1.lagMs))} ms (${num(sev1.backlogLeft)} still waiting there)`, "< 1,000 ms", verdict(sev1Met)],
    [`${num(spread.posts)} posts over ${SPREAD_CHANNELS} channels, first to last`, `${spread.seconds.toFixed(1)} s`, `≤ 1.2 × ${bound} s = ${(bound * 1.2).toFixed(1)} s`, verdict(spreadMet)],
  ], [
    "Sev 1 lag: from service.open() returning to the emulator receiving its chat.postMessage",
    "each channel's queue drains on its own; at most 16 sends are in flight, most severe first",
  ]);
}
