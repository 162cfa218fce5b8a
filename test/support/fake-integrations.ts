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
  method: string;
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
  protected abstract accept(json: unknown, headers: Record<string, string>, path: string, method: string): { status: number; body: unknown };

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
    const rec: Received = { path: req.url ?? "/", method: req.method ?? "GET", headers, body, json, status: 0 };
    this.received.push(rec);
    const fault = this.faults.shift() ?? this.refusing;
    if (fault) {
      rec.status = fault.status;
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ status: "error", message: `fault ${fault.status}` }));
      return;
    }
    const answer = this.accept(json, headers, rec.path, rec.method);
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

export interface FakeJiraIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; issuetype: { name: string }; summary: string; description: unknown; labels: string[]; priority?: { name: string } };
}

/**
 * Jira Cloud's REST API v3, the calls the bot makes: basic auth (the email and API token, else 401),
 * create an issue (201 { id, key, self }), read one, search by JQL (`labels = "…"` only), myself and
 * a project. Projects, issue types and priorities it knows are given; anything else is a 400 as Jira's.
 */
export class FakeJira extends FakeServer {
  readonly issues: FakeJiraIssue[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    readonly email: string,
    readonly apiToken: string,
    readonly projects: Record<string, { name: string; issueTypes: string[] }>,
    readonly priorities: string[] = ["Highest", "High", "Medium", "Low", "Lowest"],
  ) {
    super();
  }

  /** The issues created (answered 201), in order. */
  created(): Received[] {
    return this.received.filter((r) => r.status === 201);
  }

  protected accept(json: unknown, headers: Record<string, string>, path: string, method: string): { status: number; body: unknown } {
    const expected = `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString("base64")}`;
    if (headers.authorization !== expected) return { status: 401, body: { errorMessages: ["Client must be authenticated to access this resource."] } };
    const [route, query = ""] = path.split("?");
    if (method === "GET" && route === "/rest/api/3/myself") return { status: 200, body: { accountId: "5b10a2844c20165700ede21g", emailAddress: this.email, displayName: "Escalation Bot" } };
    const project = /^\/rest\/api\/3\/project\/([^/]+)$/.exec(route!);
    if (method === "GET" && project) {
      const p = this.projects[decodeURIComponent(project[1]!)];
      return p ? { status: 200, body: { key: project[1], name: p.name } } : { status: 404, body: { errorMessages: [`No project could be found with key '${project[1]}'.`] } };
    }
    const read = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(route!);
    if (method === "GET" && read) {
      const issue = this.issues.find((i) => i.key === read[1]);
      return issue ? { status: 200, body: { ...this.ref(issue), fields: { summary: issue.fields.summary } } } : { status: 404, body: { errorMessages: ["Issue does not exist or you do not have permission to see it."] } };
    }
    if (method === "POST" && route === "/rest/api/3/search/jql") {
      const jql = String((json as { jql?: unknown })?.jql ?? "");
      const label = /^labels = "([^"]+)"/.exec(jql)?.[1];
      if (!label) return { status: 400, body: { errorMessages: [`The fake reads only labels = "…" (got ${jql})`] } };
      void query;
      return { status: 200, body: { issues: this.issues.filter((i) => i.fields.labels.includes(label)).map((i) => ({ id: i.id, key: i.key, fields: { summary: i.fields.summary } })) } };
    }
    if (method === "POST" && route === "/rest/api/3/issue") {
      const fields = (json as { fields?: FakeJiraIssue["fields"] })?.fields;
      const errors: Record<string, string> = {};
      const p = fields?.project?.key ? this.projects[fields.project.key] : undefined;
      if (!p) errors.project = "valid project is required";
      if (p && !p.issueTypes.includes(fields?.issuetype?.name ?? "")) errors.issuetype = "Specify a valid issue type";
      if (!fields?.summary) errors.summary = "You must specify a summary of the issue.";
      if (fields?.description && (fields.description as { type?: string }).type !== "doc") errors.description = "Operation value must be an Atlassian Document";
      if (fields?.priority && !this.priorities.includes(fields.priority.name)) errors.priority = `Priority name '${fields.priority.name}' is not valid`;
      if ((fields?.labels ?? []).some((l) => /\s/.test(l))) errors.labels = "The label cannot contain spaces.";
      if (Object.keys(errors).length > 0 || !fields) return { status: 400, body: { errorMessages: [], errors } };
      const n = (this.counters.get(fields.project.key) ?? 0) + 1;
      this.counters.set(fields.project.key, n);
      const issue: FakeJiraIssue = { id: String(10000 + this.issues.length), key: `${fields.project.key}-${n}`, fields: { ...fields, labels: fields.labels ?? [] } };
      this.issues.push(issue);
      return { status: 201, body: this.ref(issue) };
    }
    return { status: 404, body: { errorMessages: [`no route ${method} ${route}`] } };
  }

  private ref(issue: FakeJiraIssue): { id: string; key: string; self: string } {
    return { id: issue.id, key: issue.key, self: `${this.url}/rest/api/3/issue/${issue.id}` };
  }
}

export const startFakeJira = (email: string, apiToken: string, projects: Record<string, { name: string; issueTypes: string[] }>) => new FakeJira(email, apiToken, projects).start();
export const startFakePagerDuty = (routingKey: string) => new FakePagerDuty(routingKey).start();
export const startFakeWebhookReceiver = () => new FakeWebhookReceiver().start();
