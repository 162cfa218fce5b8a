import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { openTestDatabase, tempDatabasePath, testDatabase, type TestDatabase } from "../support/db.js";
import { ManualClock } from "../support/clock.js";
import { fleetPolicy } from "../support/policy.js";

async function run(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("escalation-bot export", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await testDatabase();
    const db = await openTestDatabase(database);
    const service = new EscalationService({ db, clock: new ManualClock(), policy: fleetPolicy });
    const opened = await service.open({
      input: { customer: "Acme Corp", tier: "enterprise", summary: "Photo uploads fail with 503", impact: "Inspections blocked", reproSteps: "Upload a photo", fields: { customers_affected: 4 } },
      reporterId: "U_SARAH",
      reporterChannelId: "C1",
      submissionKey: "V1",
    });
    await service.acknowledge(opened.escalation.id, { userId: "U_MIKE", roles: new Set(["support-manager"]), channels: new Set() });
    await db.close();
  });
  afterEach(async () => {
    await database.drop();
  });

  it("prints the package in Markdown: the playbook's format, the timeline, the bug report with its gaps", async () => {
    const { code, out, err } = await run(database.env, "export", "ESC-0001", "--format", "md");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("# ESC-0001 · Escalation documentation");
    expect(out).toContain("- **Issue Summary:** Photo uploads fail with 503");
    expect(out).toContain("- **Logs:** [Logs]");
    expect(out).toMatch(/\| \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T \| U_SARAH \| Opened as Sev \d/);
    expect(out).toMatch(/\| U_MIKE \| Acknowledged at /);
    expect(out).toContain("EXPECTED BEHAVIOR:\n[Expected behaviour]");
    expect(out).toContain("- Number of customers affected: 4");
  });

  it("writes JSON to a file with --out, times ISO in the playbook's zone, and never overwrites", async () => {
    const file = join(dirname(tempDatabasePath()), `export-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    const first = await run(database.env, "export", "esc-1", "--format", "json", "--out", file);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^wrote ESC-0001 \\(json, \\d+ bytes\\) to ${file.replace(/[.]/g, "\\.")}$`));
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { id: string; zone: string; timeline: { kind: string; at: string }[]; bugReport: { priority: string } };
    expect(pkg.id).toBe("ESC-0001");
    expect(pkg.zone).toBe("America/Los_Angeles");
    expect(pkg.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["opened", "acknowledged"]));
    expect(pkg.timeline[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[78]:00$/);
    const again = await run(database.env, "export", "ESC-0001", "--format", "json", "--out", file);
    expect(again.code).toBe(1);
    expect(again.err).toContain("exists already");
  });

  it("an unknown id, a bad format or no id: a clear error and its exit code", async () => {
    const unknown = await run(database.env, "export", "ESC-0099");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^There is no ESC-0099 in /);
    expect(unknown.out).toBe("");
    const format = await run(database.env, "export", "ESC-0001", "--format", "pdf");
    expect(format.code).toBe(2);
    expect(format.err).toContain("--format must be md or json, not 'pdf'");
    const none = await run(database.env, "export");
    expect(none.code).toBe(2);
    expect(none.err).toContain("usage: escalation-bot export ESC-0042");
    const bad = await run(database.env, "export", "ESC-0001", "--colour");
    expect(bad.code).toBe(2);
    expect(existsSync(join(dirname(tempDatabasePath()), "ESC-0001.md"))).toBe(false);
  });
});
