import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { openDatabase } from "../../src/db/connection.js";
import type { BacktestSummary } from "../../src/domain/backtest-tally.js";
import type { Actor } from "../../src/domain/permissions.js";
import { DEFAULT_POLICY_FILE } from "../../src/policy/loader.js";
import { ClockService } from "../../src/services/clock-service.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { escalationLife } from "../../src/services/life.js";
import { ManualClock } from "../support/clock.js";
import { openTestDatabase, selectSql, testDatabase, type TestDatabase } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";

const manager = (userId: string): Actor => ({ userId, roles: new Set(["support-manager", "security-officer"]), channels: new Set() });

async function run(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** The default playbook with one line changed, written where the test can point --policy at it. */
function changedPlaybook(dir: string, name: string, from: string, to: string): string {
  const text = readFileSync(DEFAULT_POLICY_FILE, "utf8");
  expect(text.split(from)).toHaveLength(2);
  const file = join(dir, name);
  writeFileSync(file, text.replace(from, to));
  return file;
}

const PERIOD = ["--since", "2026-01-15", "--until", "2026-01-16"];

/**
 * Thursday 2026-01-15 from 08:00 in Los Angeles (Fleet's Tier 2 hours), the scheduler ticking every
 * five minutes: three Sev 2s for standard customers (Acme acknowledged after 90 min, Globex after
 * 30 min, Umbrella after 20 min then waiting on the customer for six hours) and a restricted
 * security incident (Initech, acknowledged after 20 min: its 15-minute first response missed).
 */
describe("escalation-bot policy backtest", () => {
  let database: TestDatabase;
  let dir: string;
  let faster: string;
  let slowerSev1: string;
  const counts = async () => {
    const db = await openTestDatabase(database);
    try {
      return await db.read(async (tx) => ({
        escalations: (await selectSql<{ n: number }>(tx, sql`select count(*) as n from escalations`))[0]!.n,
        events: (await selectSql<{ n: number }>(tx, sql`select count(*) as n from timeline_events`))[0]!.n,
        outbox: (await selectSql<{ n: number }>(tx, sql`select count(*) as n from outbox`))[0]!.n,
      }));
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), "backtest-"));
    faster = changedPlaybook(dir, "sev2-1h.yml", "    firstResponse: 2h\n    progressUpdate: 4h\n    resolution: 8h", "    firstResponse: 1h\n    progressUpdate: 4h\n    resolution: 8h");
    slowerSev1 = changedPlaybook(dir, "sev1-30m.yml", "    firstResponse: 15m\n", "    firstResponse: 30m\n");
    database = await testDatabase();
    const db = await openTestDatabase(database);
    const clock = new ManualClock();
    const deps = { db, clock, policy: fleetPolicy };
    const service = new EscalationService(deps);
    const life = escalationLife(deps);
    const clocks = new ClockService({ db, clock, policy: fleetPolicy, holder: "test", leaseTtlMs: 3_600_000 });
    const open = async (customer: string, summary: string, key: string) =>
      (await service.open({ input: { customer, tier: "standard", summary, fields: {} }, reporterId: "U_SARAH", reporterChannelId: "C1", submissionKey: key })).escalation.id;
    const acme = await open("Acme Corp", "Major feature not working: the route planner", "V1");
    const globex = await open("Globex", "Major feature not working: the reports", "V2");
    const umbrella = await open("Umbrella", "Major feature not working: the exports", "V3");
    const initech = await open("Initech", "Security breach: a stranger logged into the Secret-Project admin account", "V4");
    const steps: Record<number, () => Promise<unknown>> = {
      20: async () => {
        await service.acknowledge(umbrella, manager("U_DANA"));
        await service.acknowledge(initech, manager("U_SEC"));
      },
      30: () => service.acknowledge(globex, manager("U_MIKE")),
      60: () => life.waiting.waitOnCustomer(umbrella, manager("U_DANA")),
      90: () => service.acknowledge(acme, manager("U_MIKE")),
      120: () => service.resolve(initech, manager("U_SEC"), { resolution: "Password reset, sessions revoked", rootCause: "Phished password" }),
      180: async () => {
        await service.resolve(acme, manager("U_MIKE"), { resolution: "Planner restarted", rootCause: "Stuck queue" });
        await service.resolve(globex, manager("U_MIKE"), { resolution: "Reports rebuilt", rootCause: "Bad index" });
      },
      420: () => life.waiting.customerReplied(umbrella, manager("U_DANA")),
      480: () => service.resolve(umbrella, manager("U_DANA"), { resolution: "Export fixed", rootCause: "Encoding" }),
    };
    for (let m = 0; m <= 600; m += 5) {
      await steps[m]?.();
      await clocks.tick();
      clock.advanceMinutes(5);
    }
    await db.close();
    expect([acme, globex, umbrella, initech]).toEqual([1, 2, 3, 4]);
  });
  afterAll(async () => {
    await database.drop();
  });

  it("the playbook the history ran on changes nothing", async () => {
    const { code, out, err } = await run(database.env, "policy", "backtest", "--policy", DEFAULT_POLICY_FILE, ...PERIOD, "--format", "json");
    expect(err).toBe("");
    expect(code).toBe(0);
    const s = JSON.parse(out) as BacktestSummary;
    expect(s.replayed).toBe(4);
    expect(s.changed).toBe(0);
    expect(s.overall.firstResponse).toEqual({ before: 1, after: 1, gained: 0, avoided: 0 });
    expect(s.overall.resolution).toEqual({ before: 0, after: 0, gained: 0, avoided: 0 });
    expect(s.overall.managerDms.before).toBe(s.overall.managerDms.after);
    expect(s.mostAffected).toEqual([]);
  });

  it("Sev 2 first response 2 h → 1 h: Acme's 90-minute acknowledgement becomes a breach gained (JSON)", async () => {
    const { code, out } = await run(database.env, "policy", "backtest", "--policy", faster, ...PERIOD, "--format", "json");
    expect(code).toBe(0);
    const s = JSON.parse(out) as BacktestSummary & { rule: string[] };
    expect(s.rule[0]).toMatch(/replayed as it was opened/);
    expect(s.changed).toBe(1);
    expect(s.overall.firstResponse).toEqual({ before: 1, after: 2, gained: 1, avoided: 0 });
    expect(s.bySeverity.sev2!.firstResponse).toEqual({ before: 0, after: 1, gained: 1, avoided: 0 });
    expect(s.byTier.standard!.escalations).toBe(4);
    expect(s.mostAffected).toEqual([expect.objectContaining({ id: 1, customer: "Acme Corp", changes: ["first response breach gained"] })]);
  });

  it("prints a table and Markdown with the rule, the figures and the most affected", async () => {
    const table = await run(database.env, "policy", "backtest", "--policy", faster, ...PERIOD);
    expect(table.code).toBe(0);
    expect(table.out).toContain("Escalations opened 2026-01-15 00:00 PST – 2026-01-16 00:00 PST: 4 replayed, 1 would change.");
    expect(table.out).toContain("How it was replayed:\n- Each escalation opened in the period is replayed as it was opened");
    expect(table.out).toMatch(/\nfirst-response breaches +1 +2 +1 +0\n/);
    expect(table.out).toMatch(/\nsev2 +3 +0 +0 +1 +0 +0 +0 /);
    expect(table.out).toContain("  ESC-0001  Acme Corp  (standard): first response breach gained");
    const md = await run(database.env, "policy", "backtest", "--policy", faster, ...PERIOD, "--format", "md");
    expect(md.code).toBe(0);
    expect(md.out).toContain("| first-response breaches | 1 | 2 | 1 | 0 |");
    // The note under the table is a paragraph of its own, not one more row.
    expect(md.out).toMatch(/\| manager DMs \| \d+ \| \d+ \| {2}\| {2}\|\n\n\(PagerDuty was off/);
    expect(md.out).toContain("### By tier\n| tier | escalations |");
    expect(md.out).toContain("- ESC-0001  Acme Corp  (standard): first response breach gained");
  });

  it("a restricted escalation is listed by id and 'restricted' only", async () => {
    const { code, out } = await run(database.env, "policy", "backtest", "--policy", slowerSev1, ...PERIOD);
    expect(code).toBe(0);
    expect(out).toContain("ESC-0004  restricted  (standard): first response breach avoided");
    expect(out).not.toMatch(/Initech|Secret-Project|stranger/);
  });

  it("reads only: nothing in the database changes, and its connection refuses writes", async () => {
    const before = await counts();
    for (const format of ["table", "json"]) expect((await run(database.env, "policy", "backtest", "--policy", faster, "--format", format)).code).toBe(0);
    expect(await counts()).toEqual(before);
    const ro = await openDatabase(database.location, { readonly: true });
    try {
      const refused = await ro.read(async (tx) => tx.q.delete(tx.t.outbox)).then(
        () => "deleted",
        (err: Error) => `${err.message} ${(err.cause as Error | undefined)?.message ?? ""}`,
      );
      expect(refused).toMatch(/read.?only/i);
    } finally {
      await ro.close();
    }
    expect(await counts()).toEqual(before);
  });

  it("bad input gets a clear message and exit code, never a stack trace", async () => {
    const broken = join(dir, "broken.yml");
    writeFileSync(broken, readFileSync(DEFAULT_POLICY_FILE, "utf8").replace("    firstResponse: 2h\n", "    firstResponse: soon\n"));
    const cases: [string[], number, RegExp][] = [
      [["--policy", join(dir, "missing.yml")], 1, /--policy: .*missing\.yml[\s\S]*file not found/],
      [["--policy", broken], 1, /broken\.yml[\s\S]*:\d+[\s\S]*firstResponse/],
      [["--policy", faster, "--since", "last quarter"], 2, /--since must be a span such as 30d/],
      [["--policy", faster, "--format", "pdf"], 2, /--format must be table, md, json/],
      [["--since", "30d"], 2, /needs --policy/],
      [["--policy", faster, "--bogus"], 2, /Unknown option '--bogus'/],
    ];
    for (const [args, code, message] of cases) {
      const r = await run(database.env, "policy", "backtest", ...args);
      expect({ args, code: r.code }).toEqual({ args, code });
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    const unmigrated = join(dir, "unmigrated.db");
    await (await openDatabase({ engine: "sqlite", path: unmigrated }, { migrate: false })).close();
    const old = await run({ DATABASE_PATH: unmigrated }, "policy", "backtest", "--policy", faster);
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/migration\(s\) pending .*: run escalation-bot db migrate \(or start the bot\) first; the backtest only reads/);
    const nowhere = await run({ DATABASE_PATH: join(dir, "no-such.db") }, "policy", "backtest", "--policy", faster);
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toMatch(/cannot open the SQLite database at DATABASE_PATH=.*no-such\.db read-only/);
  });
});
