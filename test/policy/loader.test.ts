import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadPolicyFile, parsePolicy, PolicyError } from "../../src/policy/loader.js";

/** A minimal valid playbook, one entry per line so a test can name the exact line it breaks. */
const BASE: readonly string[] = [
  "name: Test playbook", //          1
  "defaults:", //                    2
  "  severity: sev1", //             3
  "  category: general", //          4
  "  level: tier1", //               5
  "  tier: standard", //             6
  "severities:", //                  7
  "  - id: sev1", //                 8
  "    label: Sev 1", //             9
  "    firstResponse: 15m", //       10
  "    progressUpdate: 1h", //       11
  "    resolution: 4h", //           12
  "tiers:", //                       13
  "  - id: standard", //             14
  "    label: Standard", //          15
  "  - id: enterprise", //           16
  "    label: Enterprise", //        17
  "levels:", //                      18
  "  - id: tier1", //                19
  "    label: Tier 1", //            20
  '    channels: ["#tier1"]', //     21
  "    notify: [lead]", //           22
  "roles:", //                       23
  "  lead:", //                      24
  "    emails: [lead@example.com]", // 25
];

/** The base with line `n` (1-based) replaced by `lines` (one or more). */
function withLine(n: number, ...lines: string[]): string {
  const out = [...BASE];
  out.splice(n - 1, 1, ...lines);
  return out.join("\n") + "\n";
}

function policyError(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return err as PolicyError;
  }
  throw new Error("expected a PolicyError, but the playbook loaded");
}

describe("parsePolicy: the minimal playbook", () => {
  it("loads as written (each broken case below changes exactly one thing)", () => {
    const p = parsePolicy(BASE.join("\n") + "\n", "test.yml");
    expect(p.severities.map((s) => s.id)).toEqual(["sev1"]);
    expect(p.tiers.map((t) => t.id)).toEqual(["standard", "enterprise"]);
    expect(p.source).toBe("test.yml");
  });
});

describe("parsePolicy: a broken playbook names file, line, field path and what is expected", () => {
  it.each([
    {
      name: "unknown field in a severity",
      text: withLine(12, "    resolution: 4h", "    escalateAfter: 2h"),
      // Reported on the line of the unknown key itself.
      line: 13,
      path: "severities[0].escalateAfter",
      expected: "unknown field 'escalateAfter' (check the spelling",
    },
    {
      name: "unknown field in defaults",
      text: withLine(6, "  tier: standard", "  timezone: America/Los_Angeles"),
      line: 7,
      path: "defaults.timezone",
      expected: "unknown field 'timezone' (check the spelling",
    },
    {
      name: "bad duration '15 mins soon'",
      text: withLine(10, "    firstResponse: 15 mins soon"),
      line: 10,
      path: "severities[0].firstResponse",
      expected: '"15 mins soon" is not a duration; write e.g. 15m, 4h, 1 day, 3 business days',
    },
    {
      name: "reference to an undefined role",
      text: withLine(22, "    notify: [lead, oncall]"),
      line: 22,
      path: "levels[0].notify[1]",
      expected: "unknown role 'oncall'; expected one of: lead",
    },
    {
      name: "an admin role that is not declared",
      text: withLine(6, "  tier: standard", "  admin: ops"),
      line: 7,
      path: "defaults.admin",
      expected: "unknown role 'ops'; expected one of: lead",
    },
    {
      name: "a multiple-customers count written into a field the playbook does not have",
      text: withLine(25, "    emails: [lead@example.com]", "linking:", "  multipleCustomers: { at: 2, field: customers }"),
      line: 27,
      path: "linking.multipleCustomers.field",
      expected: "unknown field 'customers'; declare it under fields:",
    },
    {
      name: "a multiple-customers threshold of one customer",
      text: withLine(25, "    emails: [lead@example.com]", "fields:", "  - { id: customers, label: Customers, kind: number }", "linking:", "  multipleCustomers: { at: 1, field: customers }"),
      line: 29,
      path: "linking.multipleCustomers.at",
      expected: "at least 2 customers make several",
    },
    {
      name: "reference to an undefined level",
      text: withLine(5, "  level: tier9"),
      line: 5,
      path: "defaults.level",
      expected: "unknown level 'tier9'; expected one of: tier1",
    },
    {
      name: "per-tier table missing a tier",
      text: withLine(12, "    resolution: { standard: 8h }"),
      line: 12,
      path: "severities[0].resolution",
      expected: "a table by tier must give every tier; missing: enterprise",
    },
    {
      name: "per-tier table naming a tier that does not exist",
      text: withLine(12, "    resolution: { standard: 8h, enterprise: 4h, gold: 1h }"),
      line: 12,
      path: "severities[0].resolution.gold",
      expected: "unknown tier 'gold'; expected one of: standard, enterprise",
    },
    {
      name: "a budget without saying what stops it",
      text: withLine(22, "    notify: [lead]", "    budget: 4h"),
      line: 23,
      path: "levels[0].budget",
      expected: "say what stops this budget: add budgetStops: acknowledged",
    },
    {
      name: "a level that escalates to itself",
      text: withLine(22, "    notify: [lead]", "    next: tier1"),
      line: 23,
      path: "levels[0].next",
      expected: "a level cannot escalate to itself; write none for the top",
    },
    {
      name: "a next level that does not exist",
      text: withLine(22, "    notify: [lead]", "    next: { sev1: tier9 }"),
      line: 23,
      path: "levels[0].next.sev1",
      expected: "unknown level 'tier9'; expected one of: tier1",
    },
    {
      name: "a flag that is not declared under flags:",
      text: withLine(17, "    label: Enterprise", "    flags: [call-back]"),
      line: 18,
      path: "tiers[1].flags[0]",
      expected: "unknown flag 'call-back'; declare it under flags: with the checklist wording",
    },
    {
      name: "a template with a placeholder the bot cannot fill",
      text: withLine(25, "    emails: [lead@example.com]", "templates:", "  - id: first", "    kind: initial", "    label: First answer", '    body: "Dear {customer_name}, we are on it."'),
      line: 30,
      path: "templates[0].body",
      expected: "unknown placeholder {customer_name}; use one of {id}, {customer}, {contact}",
    },
    {
      name: "a template offered for a category the playbook does not have",
      text: withLine(25, "    emails: [lead@example.com]", "templates:", "  - id: first", "    kind: initial", "    label: First answer", '    body: "Dear {contact}, we are on it."', "    categories: [outage]"),
      line: 31,
      path: "templates[0].categories[0]",
      expected: "unknown category 'outage'",
    },
    {
      name: "a rule's unless without text",
      text: withLine(25, "    emails: [lead@example.com]", "rules:", "  - id: r", "    reason: R", "    when: { tier: [standard], unless: [x] }", "    then: { notify: [lead] }"),
      line: 29,
      path: "rules[0].when",
      expected: "'unless' needs a 'text' condition",
    },
  ])("$name", ({ text, line, path, expected }) => {
    const err = policyError(() => parsePolicy(text, "test.yml"));
    expect(err.file).toBe("test.yml");
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ line, path });
    expect(err.problems[0]!.message).toContain(expected);
    expect(err.message).toMatch(new RegExp(`^test\\.yml is not a valid playbook \\(1 problem\\):\\n  test\\.yml:${line}:\\d+ ${path.replace(/[.[\]]/g, "\\$&")}: `));
    expect(err.message).toContain(expected);
  });

  it("an escalation path that loops: the levels named, and how to end it", () => {
    const text = withLine(
      22,
      "    notify: [lead]",
      "    next: tier2",
      "  - id: tier2",
      "    label: Tier 2",
      '    channels: ["#tier2"]',
      "    next: tier1",
    );
    const err = policyError(() => parsePolicy(text, "test.yml"));
    expect(err.problems[0]!.message).toContain("the escalation path for sev1 never ends: tier1 → tier2 → tier1; end it with next: none on the top level");
  });

  // A colon in an unquoted value: "Nested mappings are not allowed in compact mappings" (yaml), line 20.
  const syntaxError = withLine(20, "    label: Tier 1: first line");

  it("YAML syntax error: PolicyError naming the file and the YAML problem", () => {
    const err = policyError(() => parsePolicy(syntaxError, "test.yml"));
    expect(err.file).toBe("test.yml");
    expect(err.message).toContain("test.yml");
    expect(err.message).toContain("YAML syntax: Nested mappings are not allowed in compact mappings");
  });

  it("YAML syntax error: the message gives the line number", () => {
    const err = policyError(() => parsePolicy(syntaxError, "test.yml"));
    expect(err.problems[0]).toMatchObject({ line: 20, path: "" });
    expect(err.message).toContain("test.yml:20:");
  });

  it("a missing file: PolicyError naming the file", () => {
    const missing = join(tmpdir(), `no-such-playbook-${process.pid}-${Date.now()}.yml`);
    const err = policyError(() => loadPolicyFile(missing));
    expect(err.file).toBe(missing);
    expect(err.problems).toEqual([{ path: "", message: "cannot read the playbook: file not found (check POLICY_FILE)" }]);
    expect(err.message).toContain(`${missing} cannot read the playbook: file not found`);
  });
});

describe("every playbook in policies/ loads", () => {
  const dir = fileURLToPath(new URL("../../policies/", import.meta.url));
  // Whatever is there when the test runs: other playbooks are being added alongside the default.
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  it("includes the default playbook", () => {
    expect(files).toContain("fleet-management.yml");
  });

  it.each(files)("%s", (file) => {
    const policy = loadPolicyFile(join(dir, file));
    expect(policy.severities.length).toBeGreaterThan(0);
    expect(policy.levels.length).toBeGreaterThan(0);
  });
});

describe("parsePolicy: permissions", () => {
  it("names who may do what with the known words or a role, and says which when it does not", () => {
    const text = BASE.join("\n") + "\npermissions:\n  resolve: [owner, bosses]\n";
    const err = policyError(() => parsePolicy(text, "test.yml"));
    expect(err.problems[0]).toMatchObject({ path: "permissions.resolve[1]" });
    expect(err.problems[0]!.message).toBe("'bosses' is neither reporter, owner, level, managers, restricted, anyone nor a role; roles: lead");
    expect(parsePolicy(BASE.join("\n") + "\npermissions:\n  resolve: [owner, lead]\n", "test.yml").permissions).toEqual({ resolve: ["owner", "lead"] });
  });
});

describe("parsePolicy: the war room", () => {
  const withRoom = (...lines: string[]) => BASE.join("\n") + "\nwarRoom:\n" + lines.map((l) => `  ${l}`).join("\n") + "\n";

  it("defaults what it leaves out: every 15 minutes, archived after 24 h, named esc-…", () => {
    const room = parsePolicy(withRoom("severities: [sev1]"), "test.yml").warRoom;
    expect(room).toEqual({
      severities: ["sev1"], categories: [], invite: [], inviteForTiers: {},
      statusEvery: { amount: 15, unit: "minutes" }, archiveAfter: { amount: 24, unit: "hours" }, namePrefix: "esc",
    });
    expect(parsePolicy(BASE.join("\n") + "\n", "test.yml").warRoom).toBeUndefined();
  });

  it("refuses unknown severities, roles and tiers, and a conference link with another placeholder, at their line", () => {
    const err = policyError(() =>
      parsePolicy(withRoom("severities: [sev9]", "invite: [lead, devops]", "inviteForTiers: { platinum: [lead] }"), "test.yml"),
    );
    expect(err.problems.map((p) => [p.path, p.message])).toEqual([
      ["warRoom.severities[0]", "unknown severity 'sev9'; expected one of: sev1"],
      ["warRoom.invite[1]", "unknown role 'devops'; expected one of: lead"],
      ["warRoom.inviteForTiers.platinum", "unknown tier 'platinum'; expected one of: standard, enterprise"],
    ]);
    expect(err.problems[0]!.line).toBe(27);
    const link = policyError(() => parsePolicy(withRoom("severities: [sev1]", 'conferenceUrl: "https://zoom.example/j/1?who={owner}"'), "test.yml"));
    expect(link.problems[0]).toMatchObject({ path: "warRoom.conferenceUrl", line: 28, message: "the conference link may use {id} and {room} only" });
    const prefix = policyError(() => parsePolicy(withRoom("severities: [sev1]", "namePrefix: War Room"), "test.yml"));
    expect(prefix.problems[0]!.path).toBe("warRoom.namePrefix");
  });
});

describe("parsePolicy: repeats and the feature-request tally", () => {
  const withSection = (name: string, ...lines: string[]) => BASE.join("\n") + `\n${name}:\n` + lines.map((l) => `  ${l}`).join("\n") + "\n";

  it("reads both, with their defaults; left out, neither runs", () => {
    const p = parsePolicy(withSection("repeats", "count: 3", "within: 30 days"), "test.yml");
    expect(p.repeats).toEqual({ count: 3, within: { amount: 30, unit: "days" }, notify: [], flags: [] });
    const f = parsePolicy(withSection("featureRequests", "categories: [general]", "customers: 5", "within: 12 weeks", "notify: [lead]"), "test.yml").featureRequests;
    expect(f).toEqual({ categories: ["general"], customers: 5, within: { amount: 12, unit: "weeks" }, notify: ["lead"], channels: [], ignoreWords: [] });
    const plain = parsePolicy(BASE.join("\n") + "\n", "test.yml");
    expect([plain.repeats, plain.featureRequests]).toEqual([undefined, undefined]);
  });

  it("refuses a window in business days, an unknown role, flag or category, and a tally that tells nobody, at their line", () => {
    const repeats = policyError(() => parsePolicy(withSection("repeats", "count: 1", "within: 3 business days", "notify: [csm]"), "test.yml"));
    expect(repeats.problems.map((p) => [p.path, p.message])).toEqual([
      ["repeats.count", "a repeat needs at least 2 escalations"],
      ["repeats.within", "'3 business days' is not a window of calendar time; write e.g. 30 days, 4 weeks or 48h"],
    ]);
    expect(repeats.problems[1]!.line).toBe(28);
    const names = policyError(() => parsePolicy(withSection("repeats", "count: 3", "within: 30d", "notify: [csm]", "flags: [call]"), "test.yml"));
    expect(names.problems.map((p) => [p.path, p.message])).toEqual([
      ["repeats.notify[0]", "unknown role 'csm'; expected one of: lead"],
      ["repeats.flags[0]", "unknown flag 'call'; expected one of: (no flags defined)"],
    ]);
    const nobody = policyError(() => parsePolicy(withSection("featureRequests", "categories: [wishes]", "customers: 5", "within: 90 days"), "test.yml"));
    expect(nobody.problems.map((p) => p.message)).toEqual(["say who is told: notify (roles) or channels"]);
    const category = policyError(() => parsePolicy(withSection("featureRequests", "categories: [wishes]", "customers: 5", "within: 90 days", 'channels: ["#product"]'), "test.yml"));
    expect(category.problems.map((p) => [p.path, p.message])).toEqual([["featureRequests.categories[0]", "unknown category 'wishes'; expected one of: general"]]);
  });
});
