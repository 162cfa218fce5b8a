/**
 * Load generator, run as a child process (child_process.fork) so the clients' own CPU time does not
 * land on the event loop of the server being measured. Sends signed view_submission requests (the
 * escalation modal's submit, as Slack sends it) with a fixed number of requests in flight, over
 * keep-alive connections that are kept from one run to the next for the same URL.
 *
 * Parent → child: LoadRequest or { type: "exit" }. Child → parent: "ready" once, then a LoadResult
 * (or { type: "error" }) per LoadRequest.
 */
import { Agent, request } from "node:http";
import { escalationSubmission, SIGNING_SECRET } from "../test/support/harness.js";
import { signedHeaders } from "../test/support/signed-request.js";

export interface LoadRequest {
  type: "run";
  url: string;
  secret?: string;
  concurrency: number;
  durationMs: number;
  /** Prefix of the view ids (submission keys), so the parent can count what was committed. */
  idPrefix: string;
  /**
   * First open `concurrency` connections with one request each (not recorded). A saturated Node
   * server was seen to accept new connections about one per event-loop turn, so connections opened
   * under full load waited for seconds; steady-state numbers want them open beforehand.
   */
  preconnect?: boolean;
  /** Open-loop pacing: start this many requests per second (at most `concurrency` in flight). */
  ratePerSec?: number;
}

export interface LoadResult {
  type: "result";
  idPrefix: string;
  elapsedMs: number;
  sent: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  /** Per request, ms: from sending (or from its scheduled start when paced) until the response was read. */
  latencies: number[];
}

const agents = new Map<string, Agent>();

function agentFor(url: string, concurrency: number): Agent {
  let agent = agents.get(url);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    agents.set(url, agent);
  }
  return agent;
}

function post(agent: Agent, url: URL, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(msg: LoadRequest): Promise<LoadResult> {
  const url = new URL(msg.url);
  const secret = msg.secret ?? SIGNING_SECRET;
  const agent = agentFor(msg.url, msg.concurrency);
  let seq = 0;
  const send = (record: boolean) => {
    const viewId = `${msg.idPrefix}${record ? "" : "-"}${(seq++).toString(36).toUpperCase()}`;
    const payload = escalationSubmission({}, { viewId, userId: "U0AGENT", channelId: "C0TIER1" });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return post(agent, url, body, signedHeaders(secret, body));
  };
  if (msg.preconnect) {
    await Promise.all(Array.from({ length: msg.concurrency }, () => send(false)));
    seq = 0;
  }

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let slot = 0;
  const started = performance.now();
  const end = started + msg.durationMs;
  const worker = async () => {
    for (;;) {
      let t0 = performance.now();
      if (msg.ratePerSec) {
        const due = started + (slot++ * 1000) / msg.ratePerSec;
        if (due >= end) return;
        if (due > t0) await new Promise((r) => setTimeout(r, due - t0));
        t0 = due;
      } else if (t0 >= end) {
        return;
      }
      try {
        const status = await send(true);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 200) ok++;
        else failed++;
      } catch (err) {
        failed++;
        const key = `error:${(err as NodeJS.ErrnoException).code ?? "unknown"}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return { type: "result", idPrefix: msg.idPrefix, elapsedMs, sent: seq, ok, failed, statuses, latencies };
}

process.on("message", (msg: LoadRequest | { type: "exit" }) => {
  if (msg.type === "exit") {
    for (const agent of agents.values()) agent.destroy();
    process.disconnect?.();
    process.exit(0);
  }
  if (msg.type === "run") {
    run(msg).then(
      (result) => process.send!(result),
      (err: unknown) => process.send!({ type: "error", message: err instanceof Error ? err.message : String(err) }),
    );
  }
});
process.send!({ type: "ready" });
