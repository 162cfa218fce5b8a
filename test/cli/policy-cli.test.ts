import { readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";

const POLICIES = new URL("../../policies/", import.meta.url).pathname;
const FLEET = join(POLICIES, "fleet-management.yml");
const FIXTURE = new URL("../fixtures/decisions.yml", import.meta.url).pathname;

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }) as number;
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("escalation-bot policy check", () => {
  it("passes all five shipped playbooks", () => {
    const files = readdirSync(POLICIES).filter((f) => f.endsWith(".yml")).map((f) => join(POLICIES, f));
    expect(files).toHaveLength(5);
    const r = run("policy", "check", ...files);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.split("\n").filter((l) => l.includes(": ok — "))).toHaveLength(5);
    // Each says who may do what: the playbook's permissions, or the defaults.
    expect(r.out).toContain("  permissions (defaults): acknowledge: the owning level's people or a manager;");
    // And whether linked escalations bring a multiple-customers rule: all five do (OctoAcme: "Production outage
    // affecting multiple customers").
    expect(r.out.split("\n").filter((l) => l.includes("linked escalations: at 2 different customers"))).toHaveLength(5);
    expect(r.out.split("\n").filter((l) => l.includes("linked escalations: no multiple-customers rule"))).toHaveLength(0);
  });

  it("fails with file, line, field and fix for a broken playbook", () => {
    const broken = join(tmpdir(), `broken-${process.pid}.yml`);
    writeFileSync(broken, "name: Broken\ndefaults:\n  severity: sev1\n  category: general\n  level: l1\n  tier: std\nseverities:\n  - id: sev1\n    label: S1\n    firstResponse: soonish\n    progressUpdate: 1h\n    resolution: 4h\ntiers:\n  - { id: std, label: Std }\nlevels:\n  - { id: l1, label: L1, channels: ['#x'], notify: [boss] }\n");
    const r = run("policy", "check", broken);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${broken}:10:20 severities[0].firstResponse: "soonish" is not a duration`);

  });
});

describe("escalation-bot policy explain: passages and assumptions", () => {
  it("policy check says how many passages were found in the playbook's text", () => {
    const r = run("policy", "check", FLEET);
    expect(r.out).toMatch(/ {2}passages: \d+, each found in its section of playbooks\/fleet-management-ios\.md/);
  });

  it("shows the passage behind each decision and the policy's assumptions that bear on it", () => {
    const r = run("policy", "explain", "--policy", FLEET, "--text", "Acme Corp photo uploads fail with 503 for all drivers", "--tier", "enterprise", "--at", "2026-04-15T10:00:00-07:00");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Severity:        Sev 2 · High (suggested)");
    expect(r.out).toContain("Playbook passages:");
    expect(r.out).toContain("  - severity sev2 (definition): “Major feature not working” (Resolution SLA Details)");
    expect(r.out).toContain("  - category bug: “Software doesn't work as designed” (Bug vs. Feature Request)");
    expect(r.out).toContain("Assumptions (the policy's # NOTE:s, not the playbook's words):");
    expect(r.out).toContain("  - (calendar tier2-hours): the playbook does not say which days are \"business days\"");
    const json = JSON.parse(run("policy", "explain", "--policy", FLEET, "--text", "Customer threatens to cancel the contract", "--json").out);
    expect(json.passages).toContainEqual({ what: "category churn-risk", section: "Management Escalation", quote: "Customer threatens to cancel/churn" });
    expect(json.assumptions).toContainEqual(expect.stringContaining("(category churn-risk): the playbook gives churn threats a 30-minute response but no severity; Sev 2 is assumed."));
  });

  it("policy simulate lists the passages too", () => {
    const r = run("policy", "simulate", "--policy", FLEET, "--text", "Nothing loads for anyone since 06:10, calls from every fleet", "--at", "2026-04-15T10:00:00-07:00");
    expect(r.code).toBe(0);
    expect(r.out).toContain("  Severity:       Sev 1 · Critical (suggested)");
    expect(r.out).toContain("  - severity sev1 (definition): “Production system down” (Resolution SLA Details)");
  });
});

describe("escalation-bot policy explain", () => {
  it("--json gives severity, category, level, channels, notify, deadlines and reasons", () => {
    const r = run("policy", "explain", "--policy", FLEET, "--text", "Photo upload fails for Acme", "--tier", "Enterprise", "--severity", "Sev 2", "--at", "2026-03-06T19:30:00-08:00", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      severity: { id: "sev2", label: "Sev 2 · High" },
      category: { id: "bug" },
      level: { id: "tier2" },
      channels: ["#fleet-support-tier2"],
      cc: ["customer-success"],
      // Friday 19:30 Pacific + 1 business hour (2 h × 0.5) on Tier 2 hours = Saturday 08:30.
      deadlines: { firstResponse: "2026-03-07T16:30:00.000Z" },
    });
    expect(j.reasons).toEqual(expect.arrayContaining(["matched 'fails' → Bug"]));
  });

  it("prints a human-readable explanation by default", () => {
    const r = run("policy", "explain", "--policy", FLEET, "--text", "Suspected data breach", "--at", "2026-03-06T19:30:00-08:00");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Severity:        Sev 1 · Critical (suggested)");
    expect(r.out).toContain("  - matched 'data breach' → Security incident");
  });

  it("sets form fields, the category and the customer's request, and shows every category that matched", () => {
    const r = run(
      "policy", "explain", "--policy", FIXTURE, "--text", "The app crashes and the customer wants a refund",
      "--field", "refund_amount=$2,500", "--field", "strategic", "--category", "bug", "--customer-requested", "--at", "2026-04-15T10:00:00-07:00", "--json",
    );
    expect(r.err).toBe("");
    const j = JSON.parse(r.out);
    expect(j.category).toEqual({ id: "bug", label: "Bug", suggested: "billing", chosen: "bug" });
    expect(j.alsoCategories).toEqual([{ id: "billing", label: "Billing" }]);
    expect(j.matched).toEqual([
      { category: "billing", label: "Billing", phrase: "refund", found: "refund" },
      { category: "bug", label: "Bug", phrase: "crash", found: "crashes" },
    ]);
    expect(j.rules).toEqual(["big-refund", "high-bug-to-lead"]);
    expect(j.flags).toEqual([{ id: "attach-logs", label: "Attach the device logs" }, { id: "finance-approval", label: "Management approval needed" }]);
    expect(j.level.id).toBe("leadership"); // tech, one step up the path: the customer asked
    const text = run("policy", "explain", "--policy", FIXTURE, "--text", "The app crashes and the customer wants a refund", "--category", "billing", "--at", "2026-04-15T10:00:00-07:00");
    expect(text.out).toContain("Category:        Billing (chosen; suggested Bug)");
    expect(text.out).toContain("Matched:         Billing ('refund'), Bug ('crashes')");
    expect(text.out).toContain("Checklist:       Attach the device logs");
    // Who may do what, for this escalation's level, with the playbook's own resolve rule.
    expect(text.out).toContain("  - resolve: the owner or a manager");
    expect(text.out).toContain("  - acknowledge: Billing team's people or a manager");
  });

  it.each([
    [["policy", "explain", "--policy", FIXTURE, "--text", "x", "--field", "arr=5"], /'arr' is not a field of Decision engine fixture; use one of: refund_amount, strategic/],
    [["policy", "explain", "--policy", FIXTURE, "--text", "x", "--field", "refund_amount=lots"], /refund_amount is a number; write e.g. refund_amount=5000/],
    [["policy", "explain", "--policy", FIXTURE, "--text", "x", "--field", "strategic=maybe"], /strategic is a checkbox; write strategic=yes or strategic=no/],
    [["policy", "explain", "--policy", FIXTURE, "--text", "x", "--category", "fraud"], /--category 'fraud' is not a category of Decision engine fixture; use one of: security, billing, bug/],
    [["policy", "explain", "--policy", FLEET, "--text", "x", "--tier", "platinum"], /--tier 'platinum' is not a tier/],
    [["policy", "explain", "--policy", FLEET, "--text", "x", "--at", "yesterday"], /--at 'yesterday' is not an ISO-8601 time/],
    [["policy", "explain", "--text", "x"], /needs --policy and --text/],
    [["policy", "frobnicate"], /usage:/],
  ])("refuses bad arguments with a usage message %#", (argv, message) => {
    const r = run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe("escalation-bot policy check --slack", () => {
  it("fails when a restricted category's channel is public, with the fix, and passes when it is private", async () => {
    const { policyCheckSlack } = await import("../../src/cli/slack-check.js");
    const { startTestSlack, DEFAULT_CHANNELS } = await import("../support/test-slack.js");
    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
    };
    const open = await startTestSlack(); // #security-alerts is public there
    try {
      const r = io();
      expect(await policyCheckSlack([FLEET], r.io, { SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: open.url })).toBe(1);
      expect(r.err.join("\n")).toContain(`${FLEET}: restricted channel #security-alerts is public: anyone in the workspace can read the details of Security incident escalations`);
    } finally {
      await open.stop();
    }
    const closed = await startTestSlack({ channels: DEFAULT_CHANNELS.map((c) => (c.name === "security-alerts" ? { ...c, is_private: true, members: ["U0BOT"] } : c)) });
    try {
      const r = io();
      expect(await policyCheckSlack([FLEET], r.io, { SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: closed.url })).toBe(0);
      expect(r.out).toEqual([`${FLEET}: restricted channels are private (or not created yet)`]);
    } finally {
      await closed.stop();
    }
    const r = io();
    expect(await policyCheckSlack([FLEET], r.io, {})).toBe(2);
    expect(r.err[0]).toContain("needs the bot's token in SLACK_BOT_TOKEN");
  });
});
