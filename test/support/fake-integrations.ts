import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Local stand-ins (real HTTP) for PagerDuty's Events API v2 and a webhook receiver. PagerDuty's
 * dedup is modelled: a trigger whose dedup_key has an open incident adds to it, no second incident;
 * acknowledge and resolve change it. Faults are queued per request (a status, a Retry-After, an
 * answer held back).
 */

export interface Fault {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: unknown;
  /** What it was answered (0 while held). */
  status: number;
}

abstract class FakeServer {
  readonly received: Received[] = [];
  private readonly faults: Fault[] = [];
  private refusing: Fault | undefined;
  private held: ((release: boolean) => void)[] = [];
  private holdNext = 0;
  private readonly server: Server;
  url = "";

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next requests (one per fault) are answered with these instead. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Every request is answered with this until refuse(undefined). */
  refuse(fault: Fault | undefined): void {
    this.refusing = fault;
  }

  /** The next `n` requests are taken (and applied) but answered only when released (or never). */
  holdAnswers(n = 1): void {
    this.holdNext += n;
  }

  /** Answers what was held (the connection may be gone: the caller was killed). */
  release(): void {
    for (const h of this.held.splice(0)) h(true);
  }

  async stop(): Promise<void> {
    for (const h of this.held.splice(0)) h(false);
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Applies one accepted request; returns the answer. */
  protected abstract accept(json: unknown, headers: Record<string, string>): { status: number; body: unknown };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const rec: Received = { path: req.url ?? "/", headers, body, json, status: 0 };
    this.received.push(rec);
    const fault = this.faults.shift() ?? this.refusing;
    if (fault) {
      rec.status = fault.status;
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ status: "error", message: `fault ${fault.status}` }));
      return;
    }
    const answer = this.accept(json, headers);
    if (this.holdNext > 0) {
      this.holdNext--;
      if (!(await new Promise<boolean>((r) => this.held.push(r)))) return;
    }
    rec.status = answer.status;
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  }
}

export interface FakeIncident {
  dedupKey: string;
  status: "triggered" | "acknowledged" | "resolved";
  summary: string;
  severity: string;
  triggers: number;
  acknowledgements: number;
  resolves: number;
  customDetails: Record<string, unknown>;
  links: unknown;
}

type PdEvent = { routing_key?: string; event_action?: string; dedup_key?: string; payload?: { summary?: string; severity?: string; source?: string; custom_details?: Record<string, unknown> }; links?: unknown };

export class FakePagerDuty extends FakeServer {
  /** Every incident ever opened, in order (a resolved one stays; a new trigger then opens another). */
  readonly incidents: FakeIncident[] = [];

  constructor(readonly routingKey: string) {
    super();
  }

  get eventsUrl(): string {
    return `${this.url}/v2/enqueue`;
  }

  /** The events accepted (answered 202), in order. */
  accepted(): PdEvent[] {
    return this.received.filter((r) => r.status === 202).map((r) => r.json as PdEvent);
  }

  incidentsFor(dedupKey: string): FakeIncident[] {
    return this.incidents.filter((i) => i.dedupKey === dedupKey);
  }

  protected accept(json: unknown): { status: number; body: unknown } {
    const e = (json ?? {}) as PdEvent;
    if (e.routing_key !== this.routingKey) return { status: 400, body: { status: "invalid event", message: "Event object is invalid", errors: ["Invalid routing key"] } };
    const action = e.event_action;
    if (action !== "trigger" && action !== "acknowledge" && action !== "resolve") return { status: 400, body: { status: "invalid event", errors: ["'event_action' is invalid"] } };
    if (!e.dedup_key) return { status: 400, body: { status: "invalid event", errors: ["the bot always sends a dedup_key"] } };
    const open = this.incidents.find((i) => i.dedupKey === e.dedup_key && i.status !== "resolved");
    if (action === "trigger") {
      if (!e.payload?.summary || !e.payload.severity || !e.payload.source) return { status: 400, body: { status: "invalid event", errors: ["payload.summary, severity and source are required"] } };
      if (open) open.triggers++;
      else {
        this.incidents.push({
          dedupKey: e.dedup_key,
          status: "triggered",
          summary: e.payload.summary,
          severity: e.payload.severity,
          triggers: 1,
          acknowledgements: 0,
          resolves: 0,
          customDetails: e.payload.custom_details ?? {},
          links: e.links,
        });
      }
    } else if (open && action === "acknowledge") {
      open.status = "acknowledged";
      open.acknowledgements++;
    } else if (open && action === "resolve") {
      open.status = "resolved";
      open.resolves++;
    }
    return { status: 202, body: { status: "success", message: "Event processed", dedup_key: e.dedup_key } };
  }
}

/** A webhook receiver: takes every POST (202) unless told otherwise; the test verifies what came. */
export class FakeWebhookReceiver extends FakeServer {
  /** The events accepted, in order, with their headers. */
  accepted(): Received[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }

  protected accept(): { status: number; body: unknown } {
    return { status: 202, body: { ok: true } };
  }
}

export const startFakePagerDuty = (routingKey: string) => new FakePagerDuty(routingKey).start();
export const startFakeWebhookReceiver = () => new FakeWebhookReceiver().start();
