import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { locationFromEnv } from "../../src/cli/db-commands.js";
import { reportCommand } from "../../src/cli/report-command.js";
import { runCli } from "../../src/cli/run.js";
import type { Actor } from "../../src/domain/permissions.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { escalationLife } from "../../src/services/life.js";
import { openTestDatabase, testDatabase, type TestDatabase } from "../support/db.js";
import { ManualClock } from "../support/clock.js";
import { fleetPolicy } from "../support/policy.js";

const MIN = 60_000;
const manager = (userId: string): Actor => ({ userId, roles: new Set(["support-manager"]), channels: new Set() });

async function run(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

interface JsonReport {
  volume: { total: number; bySeverity: Record<string, number> };
  overall: { opened: number; acknowledged: number; mttaMs: number; resolved: number; mttrMs: number; firstResponse: { met: number; missed: number } };
  groups: { key: string; figures: { opened: number } }[];
  repeatCustomers: { key: string; ids: number[] }[];
}

// 2026-01-15 16:00 UTC (08:00 in Los Angeles, a Thursday): three escalations, two for one customer written two ways.
describe("escalation-bot report", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await testDatabase();
    const db = await openTestDatabase(database);
    const clock = new ManualClock();
    const deps = { db, clock, policy: fleetPolicy };
    const service = new EscalationService(deps);
    const life = escalationLife(deps);
    const open = (customer: string, key: string) =>
      service.open({ input: { customer, tier: "enterprise", summary: "Photo uploads fail with 503", impact: "Inspections blocked", fields: {} }, reporterId: "U_SARAH", reporterChannelId: "C1", submissionKey: key });
    const first = await open("Acme Corp", "V1");
    clock.advanceMinutes(10);
    await service.acknowledge(first.escalation.id, manager("U_MIKE"));
    clock.advanceMinutes(10);
    await life.waiting.waitOnCustomer(first.escalation.id, manager("U_MIKE"));
    clock.advanceMinutes(60);
    await life.waiting.customerReplied(first.escalation.id, manager("U_MIKE"));
    clock.advanceMinutes(40);
    const resolved = await service.resolve(first.escalation.id, manager("U_MIKE"), { resolution: "Restarted the upload workers", rootCause: "Queue full" });
    expect(resolved.kind).toBe("resolved");
    const second = await open("ACME Corporation.", "V2");
    clock.advanceMinutes(20);
    await service.acknowledge(second.escalation.id, manager("U_DANA"));
    await open("Globex", "V3");
    await db.close();
  });
  afterEach(async () => {
    await database.drop();
  });

  it("JSON: MTTA over both acknowledgements, MTTR without the hour waiting on the customer, Acme a repeat customer", async () => {
    const { code, out, err } = await run(database.env, "report", "--since", "2026-01-15", "--until", "2026-01-16", "--format", "json", "--by", "customer");
    expect(err).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(out) as JsonReport;
    expect(report.volume.total).toBe(3);
    expect(report.overall).toMatchObject({ opened: 3, acknowledged: 2, mttaMs: 15 * MIN, resolved: 1, mttrMs: 60 * MIN });
    expect(report.groups.map((g) => [g.key, g.figures.opened])).toEqual([
      ["acme", 2],
      ["globex", 1],
    ]);
    expect(report.repeatCustomers).toEqual([expect.objectContaining({ key: "acme", ids: [1, 2] })]);
  });

  it("table, Markdown and CSV show durations as the app does", async () => {
    const table = await run(database.env, "report", "--since", "2026-01-15", "--until", "2026-01-16", "--by", "tier");
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^Escalations 2026-01-15 00:00 PST – 2026-01-16 00:00 PST\nVolume: 3 opened; by severity: /);
    expect(table.out).toMatch(/\nenterprise +3 +15 min +1 h +/);
    expect(table.out).toContain("Repeat customers (2 or more):\n  Acme Corp / ACME Corporation. 2 (ESC-0001, ESC-0002)");
    const md = await run(database.env, "report", "--since", "2026-01-15", "--until", "2026-01-16", "--format", "md");
    expect(md.out).toContain("# Escalations 2026-01-15 00:00 PST – 2026-01-16 00:00 PST");
    expect(md.out).toMatch(/\| all \| 3 \| 15 min \| 1 h \|/);
    const csv = await run(database.env, "report", "--since", "2026-01-15", "--until", "2026-01-16", "--format", "csv", "--by", "owner");
    const lines = csv.out.split("\n");
    expect(lines[0]).toBe(
      "owner,opened,acknowledged,mtta,mtta_minutes,resolved,mttr,mttr_minutes,first_response_met,first_response_missed,first_response_rate,updates_met,updates_missed,updates_rate,resolution_met,resolution_missed,resolution_rate",
    );
    expect(lines.find((l) => l.startsWith("all,"))).toMatch(/^all,3,2,15 min,15\.0,1,1 h,60\.0,/);
    expect(lines.map((l) => l.split(",")[0])).toEqual(["owner", "(none)", "U_DANA", "U_MIKE", "all"]);
  });

  it("--since 30d counts back from the injected clock; a period with nothing in it reports zeros", async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const clock = new ManualClock(Date.parse("2026-02-01T00:00:00Z"));
    expect(await reportCommand(["--since", "30d", "--format", "json"], io, locationFromEnv(database.env), database.env, clock)).toBe(0);
    expect((JSON.parse(out.join("\n")) as JsonReport).volume.total).toBe(3);
    out.length = 0;
    expect(await reportCommand(["--since", "7d", "--format", "json"], io, locationFromEnv(database.env), database.env, clock)).toBe(0);
    expect((JSON.parse(out.join("\n")) as JsonReport).overall).toMatchObject({ opened: 0, mttaMs: null });
  });

  it.each([
    [["report"], "report needs --since"],
    [["report", "--since", "last month"], "--since must be a span such as 30d, 12h or 2w, or a date"],
    [["report", "--since", "30d", "--until", "tomorrow"], "--until must be a date such as 2026-01-15"],
    [["report", "--since", "30d", "--format", "pdf"], "--format must be table, csv, json, md, not 'pdf'"],
    [["report", "--since", "30d", "--by", "region"], "--by must be severity, tier, category, level, customer, owner, not 'region'"],
    [["report", "--since", "2026-02-01", "--until", "2026-01-01"], "--since must be before --until"],
    [["report", "--since", "30d", "--colour"], "Unknown option '--colour'"],
  ])("%j: a clear message, exit 2", async (argv, message) => {
    const { code, out, err } = await run(database.env, ...argv);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain(message);
    expect(err).toContain("usage: escalation-bot report --since");
  });
});
