import { Counter, Histogram, Registry } from "prom-client";
import type { Db } from "../db/connection.js";
import type { Clock } from "../domain/clock.js";
import type { Policy } from "../domain/playbook/model.js";
import { DatabaseGauges } from "./database-gauges.js";
import { METRIC_PREFIX } from "./metric-names.js";
import { processMetrics } from "./process-metrics.js";

/** Seconds; Slack gives up on an answer after 3 s, so 3 is a bucket of its own. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

/**
 * One app's metrics, in a registry of its own (never prom-client's global one), so several apps in
 * one process (tests, a sandbox reset) never share or collide. Two sorts:
 *
 * - counted here as things happen in this process: request latency, escalations opened, breaches
 *   recorded, Slack errors. Counters, summed over replicas by Prometheus.
 * - read from the database at each scrape (DatabaseGauges): what is open, what waits to be sent,
 *   how late the scheduler is. The same on every replica.
 *
 * Recording is a histogram observation or a counter increment: nothing on a request's path waits
 * for the database because of metrics.
 */
export class BotMetrics {
  readonly registry: Registry;
  private readonly ackSeconds: Histogram<"kind">;
  private readonly handledSeconds: Histogram<"kind">;
  private readonly opened: Counter<"severity">;
  private readonly breaches: Counter<"severity">;
  private readonly slackErrors: Counter<"method" | "code">;
  private readonly integrationErrors: Counter<"integration" | "code">;
  private readonly gauges: DatabaseGauges;

  constructor(deps: { db: Db; clock: Clock; policy: Policy }) {
    const own = new Registry();
    const registers = [own];
    this.ackSeconds = new Histogram({
      name: `${METRIC_PREFIX}request_ack_seconds`,
      help: "Time from a Slack request reaching the app to its answer (what Slack waits for), by payload type.",
      labelNames: ["kind"],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.handledSeconds = new Histogram({
      name: `${METRIC_PREFIX}request_duration_seconds`,
      help: "Time from a Slack request reaching the app to its listener being done (after the answer, for most), by payload type.",
      labelNames: ["kind"],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.opened = new Counter({
      name: `${METRIC_PREFIX}escalations_opened_total`,
      help: "Escalations opened by this process, by severity when opened.",
      labelNames: ["severity"],
      registers,
    });
    this.breaches = new Counter({
      name: `${METRIC_PREFIX}sla_breaches_total`,
      help: "Resolution targets missed, recorded by this process's scheduler, by severity.",
      labelNames: ["severity"],
      registers,
    });
    this.slackErrors = new Counter({
      name: `${METRIC_PREFIX}slack_errors_total`,
      help: "Slack Web API calls that failed, each attempt counted, by method and code (Slack's error, ratelimited, http_<status>, timeout, network).",
      labelNames: ["method", "code"],
      registers,
    });
    this.integrationErrors = new Counter({
      name: `${METRIC_PREFIX}integration_errors_total`,
      help: "Calls to an integration (PagerDuty, the webhook…) that failed, each attempt counted, by integration and code (http_<status>, timeout, network).",
      labelNames: ["integration", "code"],
      registers,
    });
    // Every severity of the playbook is there from the start, so rate() sees the first one counted.
    for (const severity of deps.policy.severities) {
      this.opened.inc({ severity: severity.id }, 0);
      this.breaches.inc({ severity: severity.id }, 0);
    }
    this.gauges = new DatabaseGauges(own, deps);
    this.registry = Registry.merge([own, processMetrics()]);
  }

  /** The request-timing hook of the Slack edge (request-edge.ts). */
  readonly requests = {
    acked: (kind: string, seconds: number) => this.ackSeconds.observe({ kind }, seconds),
    handled: (kind: string, seconds: number) => this.handledSeconds.observe({ kind }, seconds),
  };

  escalationOpened(severity: string): void {
    this.opened.inc({ severity });
  }

  breachRecorded(severity: string): void {
    this.breaches.inc({ severity });
  }

  readonly slackError = (method: string, code: string): void => {
    this.slackErrors.inc({ method, code });
  };

  /** A call to an integration, as the delivery reports each (its outcome is "ok" or the error). */
  readonly integrationCall = (call: { integration: string; outcome: string }): void => {
    // "http_503: <the body>" → http_503: the label keeps to a small vocabulary.
    if (call.outcome !== "ok") this.integrationErrors.inc({ integration: call.integration, code: call.outcome.split(":")[0]! });
  };

  /** The Prometheus text exposition, with the database's gauges read just before. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await this.gauges.refresh();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
