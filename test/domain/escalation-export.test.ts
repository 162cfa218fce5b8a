import { describe, expect, it } from "vitest";
import { buildEscalationPackage, type ExportEvent } from "../../src/domain/escalation-export.js";
import type { Escalation } from "../../src/domain/escalation.js";
import { packageMarkdown, renderPackage } from "../../src/domain/export-render.js";
import { parsePolicy } from "../../src/policy/loader.js";
import { fleetPolicy } from "../support/policy.js";
import { loadPolicyFile } from "../../src/policy/loader.js";

const T0 = Date.parse("2026-10-28T16:00:00Z"); // 09:00 in Los Angeles
const MIN = 60_000;

const esc = (over: Partial<Escalation> = {}): Escalation => ({
  id: 42, submissionKey: "V1", status: "acknowledged", severity: "sev2", suggestedSeverity: "sev3", category: "general", suggestedCategory: "general",
  alsoCategories: [], level: "tier2", channel: "#fleet-support-tier2", channels: ["#fleet-support-tier2"], restricted: false, notify: ["support-manager"], cc: [],
  flags: [], flagsDone: [], reasons: ["Agent chose Sev 2 · High over the suggested Sev 3"], fields: { customers_affected: 3 },
  customer: "Acme Corp", customerContact: "Jane Doe", tier: "enterprise", summary: "Photo uploads fail with 503", impact: "10 drivers cannot finish inspections",
  troubleshooting: "Reinstalled the app", errorMessages: "503 Service Unavailable", environment: null, reproSteps: "1. Take a photo\n2. Upload it", workaround: null,
  sentiment: "frustrated", ticketRef: "ZD-1234", jiraKey: null, clock: "24x7", firstResponseDue: T0 + 30 * MIN, nextUpdateDue: T0 + 240 * MIN, resolutionDue: T0 + 480 * MIN,
  levelSince: T0, levelBudgetDue: null, reporterId: "U_SARAH", reporterChannelId: "C1", createdAt: T0, acknowledgedBy: "U_MIKE", acknowledgedAt: T0 + 45 * MIN,
  lastUpdateAt: null, lastUpdateBy: null, breachedAt: null, customerRequested: false, resolvedBy: null, resolvedAt: null, resolution: null, rootCause: null,
  prevention: null, messageChannelId: "C2", messageTs: "1.2", ownerId: "U_MIKE", pausedAt: null, pausedTimers: [], pausedMs: 0, reclassification: null,
  sourceMessageUrl: null, reopenedAt: null, warRoomChannelId: null, warRoomName: null, warRoomArchivedAt: null, commanderId: null, roomStatusAt: null, parentId: null, customerKey: null, repeat: null,
  ...over,
});

const events: ExportEvent[] = [
  { at: T0 + 45 * MIN, actor: "U_MIKE", kind: "acknowledged", detail: { afterMs: 45 * MIN, level: "tier2" } },
  { at: T0, actor: "U_SARAH", kind: "opened", detail: { severity: "sev2", suggestedSeverity: "sev3", category: "general", level: "tier2", channels: ["#fleet-support-tier2"], notify: [], reasons: [] } },
  { at: T0 + 60 * MIN, actor: "U_MIKE", kind: "progress_update", detail: { status: "Investigating", done: "Checked the media service | logs", next: "Restart the pool", customerVisible: false, nextUpdateDue: T0 + 300 * MIN } },
];

const cx = { policy: fleetPolicy, now: T0 + 90 * MIN, threadUrl: "https://acme.slack.com/archives/C2/p12", personName: (id: string) => ({ U_MIKE: "Mike Chen" })[id] };

describe("the escalation package", () => {
  it("follows the playbook's documentation format, in its words, with what the bot cannot know as a visible gap", () => {
    const pkg = buildEscalationPackage(esc(), events, cx);
    const [requirements, customer] = pkg.documentation;
    expect(requirements!.heading).toBe("Escalation Documentation Requirements");
    expect(requirements!.items.map((i) => [i.label, i.text])).toEqual([
      ["Issue Summary", "Photo uploads fail with 503"],
      ["Customer Impact", "10 drivers cannot finish inspections"],
      ["Troubleshooting Steps", "Reinstalled the app"],
      ["Error Messages", "503 Service Unavailable"],
      ["Environment", "[Environment]"],
      ["Reproduction Steps", "1. Take a photo\n2. Upload it"],
      ["Logs", "[Logs]"],
      ["Frequency", "[Frequency]"],
      ["Workaround", "[Workaround]"],
      ["Customer Sentiment", "Frustrated"],
    ]);
    expect(requirements!.items.find((i) => i.label === "Logs")!.value).toBeNull();
    expect(customer!.items.find((i) => i.label === "Customers affected")!.text).toBe("3");
    expect(customer!.items.find((i) => i.label === "Refund or credit requested (USD)")!.text).toBe("[Refund or credit requested (USD)]");
  });

  it("keeps the decision, people, deadlines, breaches and the timeline oldest first, times in the playbook's zone", () => {
    const pkg = buildEscalationPackage(esc({ breachedAt: T0 + 480 * MIN }), [...events, { at: T0 + 480 * MIN, actor: null, kind: "sla_breach", detail: { resolutionDue: T0 + 480 * MIN, reason: "8 h target" } }], cx);
    expect(pkg.zone).toBe("America/Los_Angeles");
    expect(pkg.exportedAt).toBe("2026-10-28T10:30:00.000-07:00");
    expect(pkg.decision).toMatchObject({ severity: "Sev 2 · High", suggestedSeverity: "Sev 3 · Medium", tier: "Enterprise", reasons: ["Agent chose Sev 2 · High over the suggested Sev 3"] });
    expect(pkg.people).toMatchObject({ reporter: "U_SARAH", owner: "Mike Chen (U_MIKE)" });
    expect(pkg.deadlines[0]).toEqual({ clock: "First response", due: "2026-10-28T09:30:00.000-07:00", state: "missed", at: "2026-10-28T09:45:00.000-07:00" });
    expect(pkg.deadlines[1]).toMatchObject({ clock: "Resolution", state: "missed" });
    expect(pkg.breaches.map((b) => b.text)).toEqual(["SLA breach: the resolution target was missed — 8 h target"]);
    expect(pkg.timeline.map((e) => [e.at, e.actor, e.kind])).toEqual([
      ["2026-10-28T09:00:00.000-07:00", "U_SARAH", "opened"],
      ["2026-10-28T09:45:00.000-07:00", "Mike Chen (U_MIKE)", "acknowledged"],
      ["2026-10-28T10:00:00.000-07:00", "Mike Chen (U_MIKE)", "progress_update"],
      ["2026-10-28T17:00:00.000-07:00", null, "sla_breach"],
    ]);
    expect(pkg.resolution).toBeNull();
    // Every column is there; the view id that deduplicates submissions is not a field of the escalation.
    expect(Object.keys(pkg.fields)).toEqual(expect.arrayContaining(["customer", "impact", "reclassification", "parentId", "resolvedAt"]));
    expect(pkg.fields.createdAt).toBe("2026-10-28T09:00:00.000-07:00");
    expect(pkg.fields).not.toHaveProperty("submissionKey");
  });

  it("writes the resolution once resolved", () => {
    const pkg = buildEscalationPackage(
      esc({ status: "resolved", resolvedAt: T0 + 300 * MIN, resolvedBy: "U_MIKE", resolution: "Restarted the pool", rootCause: "Pool exhausted", prevention: null }),
      [...events, { at: T0 + 300 * MIN, actor: "U_MIKE", kind: "resolved", detail: { afterMs: 300 * MIN, withinSla: true } }],
      cx,
    );
    expect(pkg.resolution).toEqual({ resolvedAt: "2026-10-28T14:00:00.000-07:00", resolvedBy: "Mike Chen (U_MIKE)", resolution: "Restarted the pool", rootCause: "Pool exhausted", prevention: null, withinSla: true });
    expect(pkg.deadlines[1]).toMatchObject({ clock: "Resolution", state: "met" });
  });
});

describe("the bug report", () => {
  it("fills the playbook's bug template: title, priority by severity, and gaps in words", () => {
    const { bugReport } = buildEscalationPackage(esc(), events, cx);
    expect(bugReport.title).toBe("Photo uploads fail with 503");
    expect(bugReport.priority).toBe("High");
    expect(bugReport.body).toContain("Title: Photo uploads fail with 503\n");
    expect(bugReport.body).toContain("Priority: High\nSeverity: Sev 2 · High\n");
    expect(bugReport.body).toContain("EXPECTED BEHAVIOR:\n[Expected behaviour]\n");
    expect(bugReport.body).toContain("ACTUAL BEHAVIOR:\n[Actual behaviour]\n");
    expect(bugReport.body).toContain("STEPS TO REPRODUCE:\n1. Take a photo\n2. Upload it\n");
    expect(bugReport.body).toContain("FREQUENCY:\n[Frequency]\n");
    expect(bugReport.body).toContain("WORKAROUND:\n[Workaround]\n");
    expect(bugReport.body).toContain("- Number of customers affected: 3\n");
    expect(bugReport.body).toContain("ENVIRONMENT:\n[Environment]\n");
    // Fleet's playbook gives a ticket link template: the bug report carries the link beside the reference.
    expect(bugReport.body).toContain("RELATED TICKETS:\nSlack thread: https://acme.slack.com/archives/C2/p12\nTicket: ZD-1234 (https://support.fleetmanagement.com/hc/requests/ZD-1234)\n");
    // The playbook's own brackets stay for the person; no placeholder is left unfilled.
    expect(bugReport.body).toContain("Affects Version: [App version]");
    expect(bugReport.body).not.toMatch(/\{[a-z_.]+\}/);
  });

  it("has a built-in template for a playbook without one, and every playbook's format loads", () => {
    for (const name of ["generic-levels", "octoacme", "saas-escalation-policies", "teamflow"]) {
      const policy = loadPolicyFile(`policies/${name}.yml`);
      const pkg = buildEscalationPackage(esc({ severity: policy.severities[0]!.id, suggestedSeverity: policy.severities[0]!.id, level: policy.levels[0]!.id, tier: policy.tiers[0]!.id }), [], { policy, now: T0 });
      for (const label of ["Title:", "Priority:", "Severity:", "ENVIRONMENT:", "DESCRIPTION:", "EXPECTED BEHAVIOUR:", "ACTUAL BEHAVIOUR:", "STEPS TO REPRODUCE:", "FREQUENCY:", "WORKAROUND:", "CUSTOMER IMPACT:", "LINKS:"]) {
        expect(pkg.bugReport.body, `${name} ${label}`).toContain(label);
      }
      expect(pkg.bugReport.priority, name).not.toBeNull();
      expect(pkg.documentation.length, name).toBeGreaterThan(0);
    }
  });

  it("policy check refuses an unknown value or placeholder and a field the playbook lacks, with file:line", () => {
    const base = `name: T\ndefaults: { severity: s1, category: general, level: l1, tier: std }\nseverities:\n  - { id: s1, label: S1, firstResponse: 1h, progressUpdate: 1h, resolution: 4h }\ntiers:\n  - { id: std, label: Standard }\nlevels:\n  - { id: l1, label: L1, channels: ["#l1"] }\n`;
    expect(() => parsePolicy(`${base}documentation:\n  bugReport:\n    body: "Hello {expected_result}"\n`, "t.yml")).toThrow(/t\.yml:11:\d+ documentation\.bugReport\.body: unknown placeholder \{expected_result\}/);
    expect(() => parsePolicy(`${base}documentation:\n  sections:\n    - heading: H\n      items:\n        - { label: L, value: nonsense }\n`, "t.yml")).toThrow(/documentation\.sections\[0\]\.items\[0\]\.value: unknown value 'nonsense'/);
    expect(() => parsePolicy(`${base}documentation:\n  bugReport:\n    body: "{field.arr}"\n    priorities: { s9: High }\n`, "t.yml")).toThrow(/unknown field 'arr'[\s\S]*unknown severity 's9'/);
    // Nothing said: the built-in format.
    expect(parsePolicy(base, "t.yml").documentation.bugReport.body).toContain("EXPECTED BEHAVIOUR:");
  });
});

describe("rendering", () => {
  it("Markdown: the playbook's headings, the record, the timeline as a table whose cells cannot be broken, and the bug report fenced", () => {
    const md = packageMarkdown(buildEscalationPackage(esc(), events, cx));
    expect(md.startsWith("# ESC-0042 · Escalation documentation\n\n**Acme Corp: Photo uploads fail with 503**\n")).toBe(true);
    expect(md).toContain("## Escalation Documentation Requirements\n\n- **Issue Summary:** Photo uploads fail with 503\n");
    expect(md).toContain("- **Logs:** [Logs]\n");
    expect(md).toContain("- **Reproduction Steps:** 1. Take a photo\n  2. Upload it\n");
    expect(md).toContain("| First response | 2026-10-28 09:30 PDT | missed | 2026-10-28 09:45 PDT |");
    expect(md).toContain("| 2026-10-28 10:00 PDT | Mike Chen (U_MIKE) | Progress update: Investigating — Checked the media service \\| logs; next: Restart the pool |");
    expect(md).toContain("## Bug report (Jira)\n\n- **Title:** Photo uploads fail with 503\n- **Priority:** High\n");
    expect(md).toMatch(/```\nTitle: Photo uploads fail with 503\n[\s\S]*\n```\n$/);
  });

  it("a restricted escalation says so on the document; JSON is the package itself, ISO times", () => {
    const pkg = buildEscalationPackage(esc({ restricted: true, category: "security" }), events, cx);
    expect(packageMarkdown(pkg)).toContain("RESTRICTED: keep in the places the playbook allows");
    const json = JSON.parse(renderPackage(pkg, "json")) as { restricted: boolean; timeline: { at: string }[]; format: string };
    expect(json.format).toBe("escalation-package/1");
    expect(json.restricted).toBe(true);
    expect(json.timeline[0]!.at).toBe("2026-10-28T09:00:00.000-07:00");
  });

  it("a bug report holding backticks keeps its fence", () => {
    const md = packageMarkdown(buildEscalationPackage(esc({ errorMessages: "```\n# not a heading" }), events, cx));
    expect(md).toContain("````\nTitle:");
    expect(md.trimEnd().endsWith("````")).toBe(true);
  });
});

describe("the ticket reference in the export", () => {
  const PORTAL = "https://support.fleetmanagement.com/hc/requests/";
  const noTicketing = { ...cx, policy: { ...fleetPolicy, ticketing: undefined } };

  it("JSON: the reference as typed and its link; the playbook's Ticket item carries the link too", () => {
    const pkg = buildEscalationPackage(esc({ ticketRef: "#12345" }), events, cx);
    expect(pkg.links).toMatchObject({ ticket: "#12345", ticketUrl: `${PORTAL}12345` });
    const item = pkg.documentation.flatMap((s) => s.items).find((i) => i.label === "Ticket")!;
    expect(item).toEqual({ label: "Ticket", value: "#12345", text: "#12345", url: `${PORTAL}12345` });
    expect(JSON.parse(renderPackage(pkg, "json")).links.ticketUrl).toBe(`${PORTAL}12345`);
  });

  it("Markdown: a link whose text cannot end it early or style it", () => {
    const md = packageMarkdown(buildEscalationPackage(esc({ ticketRef: "#12345" }), events, cx));
    expect(md).toContain(`## Links\n\n- **Slack thread:** https://acme.slack.com/archives/C2/p12\n- **Original message:** —\n- **Ticket:** [#12345](${PORTAL}12345)\n`);
    const odd = packageMarkdown(buildEscalationPackage(esc({ ticketRef: "a]*(b)_`" }), events, cx));
    expect(odd).toContain(`- **Ticket:** [a\\]\\*(b)\\_\\\`](${PORTAL}a%5D%2A%28b%29_%60)\n`);
  });

  it("a reference that does not look like one, or a playbook without a template: as typed, no link", () => {
    for (const [ref, context] of [["TICKET #12345", cx], ["1|<!channel>", cx], ["#12345", noTicketing]] as const) {
      const pkg = buildEscalationPackage(esc({ ticketRef: ref }), events, context);
      expect(pkg.links.ticketUrl, ref).toBeNull();
      expect(pkg.documentation.flatMap((s) => s.items).find((i) => i.label === "Ticket"), ref).not.toHaveProperty("url");
      const md = packageMarkdown(pkg);
      expect(md, ref).toContain(`- **Ticket:** ${ref}\n`);
      expect(pkg.bugReport.body, ref).toContain(`Ticket: ${ref}\n`);
    }
    expect(buildEscalationPackage(esc({ ticketRef: null }), events, cx).links).toMatchObject({ ticket: null, ticketUrl: null });
  });
});
