import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyStats {
  /** Requests that reached the proxy. */
  requests: number;
  /** Extra copies sent to other replicas. */
  replays: number;
  /** Sends that found a replica gone (connection refused or reset). */
  unreachable: number;
}

/**
 * A load balancer that is as unkind as Slack and a network can be: each request goes to the next
 * replica in turn, and the same signed request is then sent again to the following replicas, so
 * every request reaches the bot `copies` times, on different replicas, concurrently. The first
 * answer that came back from a live replica is the one returned. A replica that does not answer
 * (killed) is skipped, as a load balancer's health check would.
 */
export async function startRoundRobinProxy(targets: () => readonly string[], copies: number): Promise<{ url: string; stats: ProxyStats; stop(): Promise<void> }> {
  const stats: ProxyStats = { requests: 0, replays: 0, unreachable: 0 };
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      stats.requests++;
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith("x-slack-") || k === "content-type")) as Record<string, string>;
      const live = targets();
      const start = next++;
      const sends = Array.from({ length: copies }, (_, i) => {
        if (i > 0) stats.replays++;
        const target = live[(start + i) % live.length]!;
        return fetch(`${target}${req.url ?? "/"}`, { method: req.method ?? "POST", headers, body }).then(
          async (r) => ({ status: r.status, body: await r.text(), type: r.headers.get("content-type") ?? "application/json" }),
          () => {
            stats.unreachable++;
            return undefined;
          },
        );
      });
      void Promise.all(sends).then((answers) => {
        const answer = answers.find((a) => a !== undefined);
        if (!answer) {
          res.writeHead(502).end();
          return;
        }
        res.writeHead(answer.status, { "content-type": answer.type }).end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
