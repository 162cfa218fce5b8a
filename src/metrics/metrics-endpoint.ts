import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger.js";

export const METRICS_PATH = "/metrics";

/** What GET /metrics serves: the exposition text and its content type. */
export interface MetricsSource {
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * GET /metrics. With a token, a request must carry `Authorization: Bearer <token>` or it gets 401
 * (compared in constant time, so the answer's timing says nothing about how much of a guess was
 * right). Without one, /metrics is open, for a scraper inside a private network. A database that
 * does not answer gives 503 and a line in the log, never a stack trace.
 */
export function serveMetrics(metrics: MetricsSource, token: string | undefined, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' });
      res.end("401 Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n");
      return;
    }
    try {
      const { contentType, body } = await metrics.scrape();
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      res.end(body);
    } catch (err) {
      logger.error({ err }, "metrics.scrape_failed");
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
      res.end("503 Service Unavailable: the metrics could not be read from the database; see the bot's log\n");
    }
  };
}

/** Whether the header is `Bearer <token>`; hashes are compared so that lengths never differ. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? "");
  const given = match?.[1] ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(token)) && match !== null;
}
