/**
 * Load generator, run as a child process (forkChild) so the clients' own CPU time does not land on
 * the event loop of the server being measured. It sends what Slack sends, signed as Slack signs it:
 *
 * - command: the `/escalate` slash command (form-encoded), with a trigger id issued by the emulator
 *   just before, so the bot's views.open is accepted as Slack would accept it;
 * - click: the Acknowledge button on an escalation's message (block_actions), each on another
 *   escalation, so every click acknowledges a real row;
 * - submission: the escalation modal's submit (view_submission).
 *
 * Either a fixed number in flight (closed loop) or paced (open loop: a request starts on schedule
 * whether or not earlier ones have answered, and its latency counts from its scheduled start).
 * Connections are kept alive through a run; a run with `preconnect` opens them anew first.
 *
 * Requests: run (LoadRequest) → LoadResult.
 */
import { Agent, request } from "node:http";
import { ACTION } from "../src/slack/ids.js";
import { escalationSubmission, SIGNING_SECRET } from "../test/support/harness.js";
import { blockAction, signedHeaders, slashCommandFields } from "../test/support/signed-request.js";
import { serveParent } from "./processes.js";
import { SEEDED_MESSAGE_CHANNEL, seededMessageTs } from "./seed.js";
import { RefSigner, type RefKey } from "../src/slack/signed-ref.js";

export const REQUEST_KINDS = ["command", "click", "submission"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface LoadRequest {
  url: string;
  /** What to send; several are sent in turn. */
  kinds: readonly RequestKind[];
  concurrency: number;
  /** Paced: how long to keep starting requests. Closed loop: the least time to run. */
  durationMs: number;
  /** Closed loop: go on after durationMs until this many responses are recorded, up to maxDurationMs. */
  minSamples?: number;
  maxDurationMs?: number;
  /** Open-loop pacing: start this many requests a second (at most `concurrency` in flight). */
  ratePerSec?: number;
  /** Paced: this generator's schedule starts this much later (several generators interleave). */
  offsetMs?: number;
  /** Prefix of view ids (the bot's submission keys), so the parent can count what was committed. */
  idPrefix: string;
  /** Escalation ids the clicks acknowledge, one each: first, first + stride, first + 2 × stride, ... */
  clicks?: { first: number; stride: number };
  /**
   * The bot's signing key (plain data), so clicks carry the signed references its buttons carry;
   * bare ids are refused as out of date. Absent for the bare Bolt app, which reads nothing.
   */
  refKey?: RefKey;
  /** The emulator's trigger-issuing endpoint (needed for commands). */
  triggersUrl?: string;
  /**
   * First open `concurrency` connections with one request each (not recorded). A saturated Node
   * server was seen to accept new connections about one per event-loop turn, so connections opened
   * under full load waited for seconds; steady-state numbers want them open beforehand.
   */
  preconnect?: boolean;
}

export interface LoadResult {
  elapsedMs: number;
  sent: number;
  failed: number;
  statuses: Record<string, number>;
  /** Per request, ms: from sending (or from its scheduled start when paced) until the response was read. */
  latencies: Partial<Record<RequestKind, number[]>>;
  /** Each slash command's trigger id and when it was sent (ms since the epoch, sub-ms). */
  commands: { triggers: string[]; sentAt: number[] };
  /** How many click ids this run used (preconnect included). */
  clicksUsed: number;
  /** CPU time this process used during the run (user + system), ms. */
  cpuMs: number;
  /** Commands that had to wait for trigger ids (the pool ran dry). */
  triggerWaits: number;
}

const USER = "U0AGENT";
/** A trigger id is used at most this long after it was issued, leaving the bot 2 of its 3 seconds. */
const TRIGGER_MAX_AGE_MS = 1_000;

const agents = new Map<string, Agent>();

/** The keep-alive connections to `url`; `fresh` closes those left from an earlier run first. */
function agentFor(url: string, concurrency: number, fresh: boolean): Agent {
  let agent = agents.get(url);
  if (agent && fresh) {
    // The server may be closing them just now (idle timeout): reusing one would fail with ECONNRESET.
    agent.destroy();
    agent = undefined;
  }
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    agents.set(url, agent);
  }
  agent.maxSockets = Math.max(agent.maxSockets, concurrency);
  return agent;
}

function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Trigger ids issued by the emulator ahead of use, as Slack issues one with each command it sends;
 * each is used within TRIGGER_MAX_AGE_MS of its issue. Every 100 ms the pool asks for about half a
 * second's worth at the rate it is being used, so it neither runs dry nor asks for many at once.
 */
class TriggerPool {
  private batches: { ids: string[]; next: number; issuedAt: number }[] = [];
  private refill: Promise<void> | undefined;
  private taken = 0;
  private ratePerSec = 100;
  private timer: NodeJS.Timeout | undefined;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 2 });
  waits = 0;

  constructor(private readonly url: URL) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.ratePerSec = 0.5 * this.ratePerSec + 0.5 * this.taken * 10;
      this.taken = 0;
      if (this.available() < this.ratePerSec / 2) void this.fill().catch(() => {});
    }, 100);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async take(): Promise<string> {
    for (let waited = false; ; waited = true) {
      const now = performance.now();
      while (this.batches.length > 0 && (now - this.batches[0]!.issuedAt > TRIGGER_MAX_AGE_MS || this.batches[0]!.next >= this.batches[0]!.ids.length)) this.batches.shift();
      const batch = this.batches[0];
      if (batch) {
        if (waited) this.waits++;
        this.taken++;
        return batch.ids[batch.next++]!;
      }
      this.ratePerSec = Math.min(this.ratePerSec * 2, 10_000);
      await this.fill();
    }
  }

  private available(): number {
    return this.batches.reduce((n, b) => n + b.ids.length - b.next, 0);
  }

  private fill(): Promise<void> {
    this.refill ??= (async () => {
      const issuedAt = performance.now();
      const count = Math.min(4_096, Math.max(32, Math.ceil(this.ratePerSec / 2)));
      const res = await post(this.agent, this.url, JSON.stringify({ user: USER, count }), { "content-type": "application/json" });
      if (res.status !== 200) throw new Error(`trigger ids: HTTP ${res.status}`);
      this.batches.push({ ids: (JSON.parse(res.body) as { ids: string[] }).ids, next: 0, issuedAt });
    })().finally(() => (this.refill = undefined));
    return this.refill;
  }
}

/**
 * A form body made once with numbered slots and filled in per request by joining strings, so that
 * building a request costs the generator next to nothing. What goes into a slot (ids, trigger ids,
 * message ts) needs no escaping in JSON or in a form.
 */
function formTemplate(build: (slot: (k: number) => string) => string): (values: string[]) => string {
  const form = build((k) => `BENCHSLOT${k}X`);
  const parts = form.split(/BENCHSLOT(\d)X/);
  return (values) => parts.map((part, i) => (i % 2 === 1 ? values[Number(part)]! : part)).join("");
}

const FORMS = {
  command: formTemplate((slot) => new URLSearchParams({ ...slashCommandFields({ user_id: USER, channel_id: "C0TIER1", trigger_id: slot(0) }) }).toString()),
  click: formTemplate((slot) => {
    const payload = blockAction({ actionId: ACTION.acknowledge, value: slot(0), userId: USER, channelId: SEEDED_MESSAGE_CHANNEL, messageTs: slot(1), text: "Acknowledge" });
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }),
  submission: formTemplate((slot) =>
    new URLSearchParams({ payload: JSON.stringify(escalationSubmission({}, { viewId: slot(0), userId: USER, channelId: "C0TIER1" })) }).toString(),
  ),
};

const pools = new Map<string, TriggerPool>();
let views = 0;

async function run(msg: LoadRequest): Promise<LoadResult> {
  const url = new URL(msg.url);
  const agent = agentFor(msg.url, msg.concurrency, msg.preconnect === true);
  const triggerPool = msg.triggersUrl ? (pools.get(msg.triggersUrl) ?? new TriggerPool(new URL(msg.triggersUrl))) : undefined;
  if (msg.triggersUrl && triggerPool) pools.set(msg.triggersUrl, triggerPool);
  const waitsBefore = triggerPool?.waits ?? 0;
  if (msg.kinds.includes("command")) triggerPool?.start();
  const commands: LoadResult["commands"] = { triggers: [], sentAt: [] };
  let clicksUsed = 0;
  let turn = 0;
  const signer = msg.refKey ? new RefSigner(msg.refKey) : undefined;

  /** Builds the next request; `record` says whether its command's trigger is kept for views.open. */
  const next = async (record: boolean): Promise<{ kind: RequestKind; send: () => Promise<{ status: number }> }> => {
    const kind = msg.kinds[turn++ % msg.kinds.length]!;
    let body: string;
    if (kind === "command") {
      if (!triggerPool) throw new Error("commands need triggersUrl");
      const trigger = await triggerPool.take();
      const form = FORMS.command([trigger]);
      return {
        kind,
        send: () => {
          if (record) {
            commands.triggers.push(trigger);
            commands.sentAt.push(performance.timeOrigin + performance.now());
          }
          return post(agent, url, form, signedHeaders(SIGNING_SECRET, form));
        },
      };
    }
    if (kind === "click") {
      if (!msg.clicks) throw new Error("clicks need escalation ids");
      const id = msg.clicks.first + clicksUsed++ * msg.clicks.stride;
      body = FORMS.click([signer ? signer.sign(id) : String(id), seededMessageTs(id)]);
    } else {
      body = FORMS.submission([`${msg.idPrefix}${record ? "" : "-"}${(views++).toString(36).toUpperCase()}`]);
    }
    return { kind, send: () => post(agent, url, body, signedHeaders(SIGNING_SECRET, body)) };
  };

  if (msg.preconnect) {
    await Promise.all(Array.from({ length: msg.concurrency }, async () => (await next(false)).send().catch(() => undefined)));
  }

  const latencies: Partial<Record<RequestKind, number[]>> = {};
  const statuses: Record<string, number> = {};
  let sent = 0;
  let recorded = 0;
  let failed = 0;
  let slot = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const offset = msg.offsetMs ?? 0;
  const paced = msg.ratePerSec !== undefined;
  const maxEnd = started + Math.max(msg.durationMs, msg.maxDurationMs ?? 0);
  const done = (now: number) => now >= maxEnd || (now >= started + msg.durationMs && recorded >= (msg.minSamples ?? 0));
  const worker = async () => {
    for (;;) {
      let t0 = performance.now();
      if (paced) {
        const due = started + offset + (slot++ * 1000) / msg.ratePerSec!;
        if (due >= started + msg.durationMs) return;
        if (due > t0) await new Promise((r) => setTimeout(r, due - t0));
        t0 = due;
      } else if (done(t0)) {
        return;
      }
      const req = await next(true);
      if (!paced) t0 = performance.now(); // waiting for a trigger id is the generator's time, not the server's
      sent++;
      try {
        const { status } = await req.send();
        (latencies[req.kind] ??= []).push(performance.now() - t0);
        recorded++;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== 200) failed++;
      } catch (err) {
        failed++;
        const key = `error:${(err as NodeJS.ErrnoException).code ?? "unknown"}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  triggerPool?.stop();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    elapsedMs,
    sent,
    failed,
    statuses,
    latencies,
    commands,
    clicksUsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    triggerWaits: (triggerPool?.waits ?? 0) - waitsBefore,
  };
}

serveParent({ run: (msg: LoadRequest) => run(msg) }, {}, async () => {
  for (const agent of agents.values()) agent.destroy();
});
