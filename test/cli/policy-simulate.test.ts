import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import type { SimulationReport } from "../../src/domain/simulation-report.js";
import type { PlaybookLine } from "../../src/domain/simulate.js";

/**
 * `escalation-bot policy simulate` on the seed playbooks. The answers are worked out from the
 * playbook files by hand: Fleet's Tier 2 hours (Mon–Fri 06:00–20:00, Sat 08:00–17:00 Pacific,
 * Christmas closed), Enterprise's "-50 % response time", Sev 1 on 24/7 with PagerDuty, the security
 * category restricted to #security-alerts; TeamFlow's first response by plan.
 */

const POLICIES = new URL("../../policies/", import.meta.url).pathname;
const FLEET = join(POLICIES, "fleet-management.yml");
const TEAMFLOW = join(POLICIES, "teamflow.yml");
const FLEET_LINES = readFileSync(FLEET, "utf8").split("\n");

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }) as number;
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function json(...argv: string[]): SimulationReport {
  const r = run("policy", "simulate", ...argv, "--json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as SimulationReport;
}

/** A cited entry is in the file at the line given, as given, with the comments just above it. */
function expectCitedFromFile(l: PlaybookLine, fileLines: readonly string[]) {
  const shown = l.text.split("\n").filter((t) => !t.startsWith("… ("));
  expect(shown.length).toBeGreaterThan(0);
  shown.forEach((t, i) => expect(fileLines[l.line - 1 + i], `${l.what} at ${l.file}:${l.line + i}`).toBe(t));
  l.comments.forEach((c, i) => expect(fileLines[l.line - 1 - l.comments.length + i]!.trim()).toBe(c));
}

const CHRISTMAS_EVE = "2026-12-24T18:00-08:00";
const UPLOAD = "Photo upload fails for Acme: drivers are unable to use the app";

describe("escalation-bot policy simulate", () => {
  it("Christmas Eve after 18:00, Enterprise, 12 customers: Sev 2 on Tier 2 hours, Christmas skipped, Tier 3 told", () => {
    const r = json("--policy", FLEET, "--text", UPLOAD, "--tier", "enterprise", "--field", "customers_affected=12", "--at", CHRISTMAS_EVE);
    expect(r.openedAt).toEqual({ iso: "2026-12-25T02:00:00.000Z", local: "Thu 2026-12-24 18:00 PST" });
    // "Sev 2: single enterprise customer unable to use app"; the bug category's "fail".
    expect(r.severity).toMatchObject({ id: "sev2", chosen: null });
    expect(r.category.id).toBe("bug");
    expect(r.tier.id).toBe("enterprise");
    // "Multiple customers reporting same issue → Tier 2 + Tier 3".
    expect(r.route).toMatchObject({ level: { id: "tier2" }, channels: ["#fleet-support-tier2", "#fleet-engineering"], restricted: false, detailsOnlyIn: [], cc: ["customer-success"] });
    expect(r.route.alsoLevels.map((l) => l.id)).toEqual(["tier3"]);
    expect(r.rules).toEqual(expect.arrayContaining(["multiple-customers", "enterprise-blocked"]));
    expect(r.pages).toBe(false);
    expect(r.levelManager?.role).toBe("support-manager");
    expect(r.checklist.map((c) => c.id)).toEqual(["vip", "related-tickets"]);

    const by = Object.fromEntries(r.deadlines.map((d) => [d.kind, d]));
    expect(Object.keys(by)).toEqual(["firstResponse", "progressUpdate", "resolution", "levelBudget"]);
    // First response: Sev 2's 2 h × 0.5 (Enterprise) = 1 business hour, before the 20:00 close.
    expect(by.firstResponse!.due.local).toBe("Thu 2026-12-24 19:00 PST");
    expect(by.firstResponse!.tierModifier).toBe("Enterprise × 0.5: 2 h becomes 1 h");
    expect(by.firstResponse!.clock).toEqual({ name: "tier2-hours", chosenBy: "the playbook default" });
    // Progress updates, 4 h (the factor is for response time): 2 h to the close, then Friday is Christmas,
    // Saturday opens 08:00: 2 h more.
    expect(by.progressUpdate!.tierModifier).toBeNull();
    expect(by.progressUpdate!.due.local).toBe("Sat 2026-12-26 10:00 PST");
    expect(by.progressUpdate!.steps.map((s) => s.text)).toEqual([
      "4 h on the tier2-hours calendar: America/Los_Angeles, open mon–fri 06:00–20:00, sat 08:00–17:00; closed on 7 holidays",
      "opened Thu 2026-12-24 18:00 PST, inside open hours: counting starts at once",
      "counts Thu 2026-12-24 18:00 PST → Thu 2026-12-24 20:00 PST (closing): 2 h, 2 h left",
      "skips Thu 2026-12-24 20:00 PST → Sat 2026-12-26 08:00 PST: Thu 2026-12-24 after closing at 20:00; Fri 2026-12-25 is a holiday; Sat 2026-12-26 before opening at 08:00",
      "counts Sat 2026-12-26 08:00 PST → Sat 2026-12-26 10:00 PST: 2 h, the last of it",
      "due Sat 2026-12-26 10:00 PST",
    ]);
    // Resolution 8 h, and Tier 2's 8 h budget: 2 h on Thursday, 6 h on Saturday.
    expect(by.resolution!.due.iso).toBe("2026-12-26T22:00:00.000Z");
    expect(by.levelBudget!.due.iso).toBe("2026-12-26T22:00:00.000Z");
    expect(by.levelBudget!.target).toBe("Tier 2 budget: 8 h");

    // The lines it used: each where the file has it, as written.
    for (const l of [...r.lines, ...r.deadlines.flatMap((d) => d.lines)]) {
      expect(l.file).toBe(FLEET);
      expectCitedFromFile(l, FLEET_LINES);
    }
    const cited = (what: string) => r.lines.find((l) => l.what === what);
    expect(cited("severity sev2")!.text.split("\n")[0]).toBe("  - id: sev2");
    expect(cited("rule multiple-customers")!.comments[0]).toMatch(/^# "Multiple customers reporting same issue → Tier 2 \+ Tier 3 within 1 hour"/);
    expect(cited("rule multiple-customers")!.comments).toContain('# NOTE: "within 1 hour" (when Tier 3 must be told) has no field in the schema; Tier 3 is told at once.');
    expect(cited("calendar tier2-hours")!.text).toContain("holidays: [2026-01-01, 2026-05-25, 2026-07-03, 2026-09-07, 2026-11-26, 2026-12-25, 2027-01-01]");
    expect(cited("calendar tier2-hours")!.comments).toEqual(["# Tier 2 hours: Monday-Friday 6 AM - 8 PM Pacific, Saturday 8 AM - 5 PM Pacific."]);
    expect(cited("level tier3")).toBeDefined();
    // The first response names the exact lines: Sev 2's target and Enterprise's factor.
    expect(by.firstResponse!.lines.map((l) => [l.what, FLEET_LINES[l.line - 1]!.trim()])).toEqual([
      ["severity sev2 firstResponse", "firstResponse: 2h"],
      ["tier enterprise factor", "factor: 0.5"],
      ["default clock", "clock: tier2-hours"],
      ["calendar tier2-hours", "tier2-hours:"],
    ]);
  });

  it("prints the same for people: headings, the calendar steps, and the lines with their comments", () => {
    const r = run("policy", "simulate", "--policy", FLEET, "--text", UPLOAD, "--tier", "Enterprise", "--field", "customers_affected=12", "--at", CHRISTMAS_EVE);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    for (const heading of ["Decision", "Route", "Deadlines", "Checklist", "Why", "Playbook lines used"]) expect(r.out.split("\n")).toContain(heading);
    expect(r.out).toContain("  First response: Thu 2026-12-24 19:00 PST  (2026-12-25T03:00:00.000Z)");
    expect(r.out).toContain("    tier: Enterprise × 0.5: 2 h becomes 1 h");
    expect(r.out).toContain("Fri 2026-12-25 is a holiday");
    expect(r.out).toContain("  [ ] Multiple customers: list every related customer ticket");
    const factorLine = FLEET_LINES.findIndex((l) => l.trim() === "factor: 0.5") + 1;
    expect(r.out).toContain(`    from ${FLEET}:${factorLine}: factor: 0.5`);
    expect(r.out).toMatch(new RegExp(`  ${FLEET.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+-\\d+  \\(rule multiple-customers\\)\\n    # "Multiple customers reporting same issue`));
  });

  it("opened on a Sunday: a Sev 3's clock starts Monday 06:00", () => {
    const r = json("--policy", FLEET, "--text", "The export button shows the wrong date format", "--at", "2026-12-27T10:00-08:00");
    expect(r.severity.id).toBe("sev3");
    const first = r.deadlines.find((d) => d.kind === "firstResponse")!;
    expect(first.steps[1]!.text).toBe(
      "opened Sun 2026-12-27 10:00 PST, outside open hours (Sun 2026-12-27 closed all day (weekend); Mon 2026-12-28 before opening at 06:00): counting starts Mon 2026-12-28 06:00 PST",
    );
    expect(first.due.local).toBe("Mon 2026-12-28 10:00 PST");
    // "Sev 3: 3 business days": Monday, Tuesday, Wednesday from Monday's 06:00 opening.
    const resolution = r.deadlines.find((d) => d.kind === "resolution")!;
    expect(resolution.steps.map((s) => s.text)).toEqual(expect.arrayContaining(["Tue 2026-12-29: business day 1 of 3", "Thu 2026-12-31: business day 3 of 3"]));
    expect(resolution.due.local).toBe("Thu 2026-12-31 06:00 PST");
  });

  it("a security incident: Sev 1 on 24/7, paged, restricted to #security-alerts, the security team told by DM", () => {
    const r = json("--policy", FLEET, "--text", "Customer reports unauthorized access: drivers saw another fleet's trips", "--at", "2026-12-27T10:00-08:00");
    expect(r.severity.id).toBe("sev1");
    expect(r.category.id).toBe("security");
    expect(r.route.level.id).toBe("tier3");
    expect(r.route.restricted).toBe(true);
    expect(r.route.detailsOnlyIn).toEqual(["#security-alerts"]);
    expect(r.route.channels[0]).toBe("#security-alerts");
    expect(r.dms.map((d) => d.role)).toEqual(expect.arrayContaining(["support-manager", "security-officer", "cto", "legal"]));
    expect(r.pages).toBe(true);
    expect(r.checklist.map((c) => c.id)).toEqual(expect.arrayContaining(["preserve-evidence", "no-customer-notice", "pagerduty", "war-room"]));
    const first = r.deadlines.find((d) => d.kind === "firstResponse")!;
    // On a Sunday, 15 minutes: Sev 1 runs around the clock.
    expect(first.clock).toEqual({ name: "24x7", chosenBy: "severity Sev 1 · Critical" });
    expect(first.due.local).toBe("Sun 2026-12-27 10:15 PST");
    expect(first.steps.map((s) => s.text)).toContain("adds 15 min around the clock");
    expect(r.lines.map((l) => l.what)).toEqual(expect.arrayContaining(["category security", "paging", "severity sev1 clock"]));
    const category = r.lines.find((l) => l.what === "category security")!;
    expect(category.text).toContain("restricted: true");
    expectCitedFromFile(category, FLEET_LINES);
    const text = run("policy", "simulate", "--policy", FLEET, "--text", "Customer reports unauthorized access", "--at", "2026-12-27T10:00-08:00").out;
    expect(text).toContain("  Restricted:     yes: details only in #security-alerts; the other channels learn only that an escalation opened");
    expect(text).toContain("  Pages:          yes: on-call is paged through PagerDuty (when PAGERDUTY_ROUTING_KEY is set)");
  });

  it("a target by plan (TeamFlow, 24/7): the Pro plan's own 8 h, cited from the table", () => {
    const r = json("--policy", TEAMFLOW, "--text", "How do I export my board to CSV?", "--tier", "pro", "--at", "2026-12-24T18:00-08:00");
    expect(r.severity.id).toBe("routine");
    const first = r.deadlines.find((d) => d.kind === "firstResponse")!;
    expect(first.target).toBe("Routine · Level 1 target for Pro: 8 h");
    expect(first.tierModifier).toBe("Pro's own entry in the target's table by tier");
    expect(first.clock).toEqual({ name: "24x7", chosenBy: "the playbook default" });
    // 24/7: 8 hours straight through Christmas Eve night.
    expect(first.due.iso).toBe("2026-12-25T10:00:00.000Z");
    const teamflowLines = readFileSync(TEAMFLOW, "utf8").split("\n");
    for (const l of [...r.lines, ...first.lines]) expectCitedFromFile(l, teamflowLines);
    expect(first.lines[0]!.text.trim()).toBe("firstResponse: { basic: 24h, pro: 8h, enterprise: 4h }");
    expect(first.lines[0]!.comments).toContain('# "Level 1: First-Line Support — Response Time: 24 hours (Basic), 8 hours (Pro), 4 hours (Enterprise)"');
  });

  it("--json has every section", () => {
    const r = json("--policy", FLEET, "--text", UPLOAD, "--at", CHRISTMAS_EVE);
    expect(Object.keys(r).sort()).toEqual(
      ["alsoCategories", "assumptions", "category", "checklist", "deadlines", "dms", "levelManager", "lines", "matched", "openedAt", "pages", "passages", "playbook", "reasons", "route", "rules", "severity", "tier", "zone"].sort(),
    );
    expect(r.playbook).toEqual({ name: "Fleet Management iOS", file: FLEET });
    for (const d of r.deadlines) {
      expect(Object.keys(d).sort()).toEqual(["clock", "due", "kind", "label", "lines", "steps", "target", "tierModifier"]);
      expect(d.steps.at(-1)!.kind).toBe("land");
    }
    for (const l of r.lines) expect(Object.keys(l).sort()).toEqual(["comments", "endLine", "file", "line", "text", "what"]);
  });

  it("answers bad input clearly, naming the option and the fix", () => {
    const bad = (...argv: string[]) => run("policy", "simulate", "--policy", FLEET, "--text", "x", ...argv);
    expect(bad("--tier", "gold")).toEqual({ code: 2, out: "", err: "--tier 'gold' is not a tier of Fleet Management iOS; use one of: enterprise, standard, trial" });
    expect(bad("--severity", "sev9").err).toBe("--severity 'sev9' is not a severity of Fleet Management iOS; use one of: sev1, sev2, sev3, sev4");
    expect(bad("--field", "customers=3").err).toBe("--field 'customers=3': 'customers' is not a field of Fleet Management iOS; use one of: customers_affected, refund_amount");
    expect(bad("--field", "customers_affected=many").err).toBe("--field 'customers_affected=many': customers_affected is a number; write e.g. customers_affected=5000");
    expect(bad("--at", "Christmas Eve")).toEqual({ code: 2, out: "", err: "--at 'Christmas Eve' is not an ISO-8601 time; write e.g. 2026-03-06T19:30:00-08:00" });
    const noText = run("policy", "simulate", "--policy", FLEET);
    expect(noText.code).toBe(2);
    expect(noText.err).toMatch(/^policy simulate needs --policy and --text/);
    const unknownOption = run("policy", "simulate", "--policy", FLEET, "--text", "x", "--when", "now");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err).toContain("--when");
    const missing = join(tmpdir(), `no-such-playbook-${process.pid}.yml`);
    expect(run("policy", "simulate", "--policy", missing, "--text", "x")).toMatchObject({ code: 1, err: expect.stringContaining("cannot read the playbook: file not found") });
    const broken = join(tmpdir(), `broken-sim-${process.pid}.yml`);
    writeFileSync(broken, "name: Broken\n");
    expect(run("policy", "simulate", "--policy", broken, "--text", "x")).toMatchObject({ code: 1, err: expect.stringContaining(`${broken} is not a valid playbook`) });
  });

  it("policy explain is the short form: the same decision and deadlines", () => {
    const explain = JSON.parse(run("policy", "explain", "--policy", FLEET, "--text", UPLOAD, "--tier", "enterprise", "--field", "customers_affected=12", "--at", CHRISTMAS_EVE, "--json").out);
    const simulated = json("--policy", FLEET, "--text", UPLOAD, "--tier", "enterprise", "--field", "customers_affected=12", "--at", CHRISTMAS_EVE);
    expect(explain.severity).toEqual(simulated.severity);
    expect(explain.channels).toEqual(simulated.route.channels);
    expect(Object.fromEntries(simulated.deadlines.map((d) => [d.kind === "progressUpdate" ? "nextUpdate" : d.kind, d.due.iso]))).toEqual({
      firstResponse: explain.deadlines.firstResponse,
      nextUpdate: explain.deadlines.nextUpdate,
      resolution: explain.deadlines.resolution,
      levelBudget: explain.deadlines.levelBudget,
    });
  });
});
