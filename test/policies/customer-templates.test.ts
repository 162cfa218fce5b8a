import { describe, expect, it } from "vitest";
import { draftValues, fillTemplate, fittingTemplate, gapsLeft, gapsOf, templatesFor } from "../../src/domain/customer-draft.js";
import type { Escalation } from "../../src/domain/escalation.js";
import { TEMPLATE_PLACEHOLDERS } from "../../src/domain/playbook/model.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * The customer-communication templates each playbook contains, migrated in its own words: Fleet's five
 * Communication Templates, the SaaS policy's two escalation scripts and its major-incident holding
 * message, OctoAcme's Customer Update Template. The generic procedure's "Escalation Templates" and
 * TeamFlow's "Communication Templates" are internal (to the next level, the security team), so those
 * playbooks offer no customer draft.
 */

const T0 = Date.parse("2026-10-28T16:00:00Z");
const esc = (over: Partial<Escalation> = {}) =>
  ({
    id: 42, status: "open", severity: "standard", category: "technical", alsoCategories: [], restricted: false, level: "tech-support", customer: "Acme Corp",
    customerContact: "Jane Doe", summary: "Exports time out", impact: null, workaround: null, ticketRef: "ZD-7", resolution: null, rootCause: null,
    prevention: null, createdAt: T0, levelSince: T0, ...over,
  }) as Escalation;

const PLAYBOOKS = {
  "fleet-management.yml": ["initial-response", "progress-update", "escalation-notification", "resolution", "security-notice"],
  "saas-escalation-policies.yml": ["standard-escalation", "urgent-escalation", "outage-holding-message"],
  "octoacme.yml": ["customer-update"],
  "generic-levels.yml": [],
  "teamflow.yml": [],
} as const;

describe("the playbooks' customer templates", () => {
  it.each(Object.entries(PLAYBOOKS))("%s loads with its templates, every placeholder one the bot fills", (file, ids) => {
    const policy = shippedPolicy(file);
    expect(policy.templates.map((t) => t.id)).toEqual(ids);
    for (const t of policy.templates) {
      const names = [...`${t.subject ?? ""}${t.body}`.matchAll(/\{([^{}\s]*)\}/g)].map((m) => m[1]);
      for (const name of names) expect(TEMPLATE_PLACEHOLDERS as readonly string[]).toContain(name);
      // Filled with nothing known, no placeholder is left: each became a visible gap.
      expect(fillTemplate(`${t.subject ?? ""}\n${t.body}`, {})).not.toMatch(/\{[a-z_]+\}/);
    }
  });

  it("SaaS: the playbook's own words; the urgent script fits Critical and High, the standard one Standard", () => {
    const saas = shippedPolicy("saas-escalation-policies.yml");
    const standard = saas.templates.find((t) => t.id === "standard-escalation")!;
    expect(standard.body).toContain("I appreciate your patience with this. {summary} requires [specific expertise/access/approval], so I'm connecting you with our {level}");
    const critical = esc({ severity: "critical", levelSince: T0 + 1 });
    expect(fittingTemplate(saas, critical, false)).toMatchObject({ kind: "escalation", exact: true, template: { id: "urgent-escalation" } });
    expect(fittingTemplate(saas, esc({ levelSince: T0 + 1 }), false)).toMatchObject({ kind: "escalation", template: { id: "standard-escalation" } });
    // The urgent script is not offered for a Standard escalation; the standard one is for any.
    expect(templatesFor(saas, esc()).map((t) => t.id)).toEqual(["standard-escalation"]);
    expect(templatesFor(saas, critical).map((t) => t.id)).toEqual(["standard-escalation", "urgent-escalation"]);
  });

  it("SaaS: the holding message is for a service outage only, and is its first answer", () => {
    const saas = shippedPolicy("saas-escalation-policies.yml");
    const outage = esc({ category: "outage", severity: "critical" });
    expect(fittingTemplate(saas, outage, false)).toMatchObject({ kind: "initial", exact: true, template: { id: "outage-holding-message" } });
    // No initial response for other escalations: the first template offered, said to be another kind.
    expect(fittingTemplate(saas, esc(), false)).toMatchObject({ kind: "initial", exact: false, template: { id: "standard-escalation" } });
    const text = fillTemplate(saas.templates.find((t) => t.id === "outage-holding-message")!.body, draftValues(outage, saas, {}));
    expect(text).toBe("We're aware of an issue affecting [feature/service]. Our team is actively investigating. Check status.[company].com for updates. We'll notify you once resolved.");
  });

  it("Fleet: the security notice is offered for a restricted case only; it then fits", () => {
    const fleet = shippedPolicy("fleet-management.yml");
    const general = esc({ severity: "sev2", category: "general", level: "tier2" });
    expect(templatesFor(fleet, general).map((t) => t.kind)).toEqual(["initial", "progress", "escalation", "resolution"]);
    const breach = { ...general, category: "security", restricted: true };
    expect(fittingTemplate(fleet, breach, true)).toMatchObject({ kind: "security", template: { id: "security-notice" } });
    // A restriction lifted as a false alarm: no security notice.
    expect(templatesFor(fleet, { ...breach, restricted: false }).some((t) => t.kind === "security")).toBe(false);
  });

  it("OctoAcme: its one Customer Update fills what the escalation knows; the ETA and its own blanks stay gaps", () => {
    const octo = shippedPolicy("octoacme.yml");
    const found = fittingTemplate(octo, esc({ severity: "l2", category: "bug", level: "l2" }), false)!;
    expect(found).toMatchObject({ kind: "initial", exact: false, template: { id: "customer-update" } });
    const values = draftValues(esc(), octo, { owner: "Sarah Chen", status: "Fix in progress", latestUpdate: { status: "fixing", done: "Patched", next: "Deploy" } });
    expect(fillTemplate(found.template.subject!, values)).toBe("Update on Exports time out - Ticket #ZD-7");
    const text = fillTemplate(found.template.body, values);
    expect(text).toContain("Hi Jane Doe,");
    expect(text).toContain("**Current Status**: Fix in progress");
    expect(text).toContain("**Expected Timeline**: [ETA]");
    expect(text).toContain("Best regards,\nSarah Chen");
    expect(gapsOf(found.template)).toEqual(["[ISSUE SUMMARY]", "[TICKET NUMBER]", "[CUSTOMER CONTACT]", "[CURRENT STATUS]", "[Brief explanation]", "[NEXT STEPS]", "[ETA]", "[YOUR NAME]"]);
    expect(gapsLeft(found.template, text)).toEqual(["[Brief explanation]", "[ETA]"]);
    expect(gapsLeft(found.template, text.replace("[ETA]", "Friday").replace("[Brief explanation]", "a bad index"))).toEqual([]);
  });
});
