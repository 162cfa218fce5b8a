import { describe, expect, it } from "vitest";
import { customerTime, draftValues, fillTemplate, fittingKind, mayDraft, templateOf } from "../../src/domain/customer-draft.js";
import type { Escalation } from "../../src/domain/escalation.js";
import { TEMPLATE_KINDS } from "../../src/domain/playbook/model.js";
import { fleetPolicy } from "../support/policy.js";

const T0 = Date.parse("2026-10-28T16:00:00Z");

const esc = (over: Partial<Escalation> = {}) =>
  ({
    id: 42, status: "acknowledged", severity: "sev2", category: "general", alsoCategories: [], level: "tier2", customer: "Acme Corp",
    customerContact: "Jane Doe", summary: "Photo uploads fail with 503", impact: "10 drivers cannot finish inspections", workaround: null,
    ticketRef: "ZD-1234", restricted: false, resolution: null, rootCause: null, prevention: null, createdAt: T0, levelSince: T0, ...over,
  }) as Escalation;

describe("customer-communication drafts", () => {
  it("fills what the escalation knows and leaves what it does not as a visible gap, never a blank", () => {
    const values = draftValues(esc(), fleetPolicy, { owner: "Sarah Lopez" });
    expect(fillTemplate("Dear {contact}: {summary} ({severity}, ticket {ticket}). ETA: {eta}. Workaround: {workaround}. {owner}", values)).toBe(
      "Dear Jane Doe: Photo uploads fail with 503 (Sev 2 · High, ticket ZD-1234). ETA: [ETA]. Workaround: [WORKAROUND]. Sarah Lopez",
    );
    // The playbook's own brackets are left for the person; text that only looks like a placeholder stays.
    expect(fillTemplate("Call me at [phone number] {not a placeholder}", values)).toBe("Call me at [phone number] {not a placeholder}");
  });

  it("picks the template for where the escalation stands", () => {
    expect(fittingKind(esc(), false)).toBe("initial");
    expect(fittingKind(esc(), true)).toBe("progress");
    expect(fittingKind(esc({ levelSince: T0 + 60_000 }), true)).toBe("escalation");
    expect(fittingKind(esc({ status: "resolved" }), true)).toBe("resolution");
    expect(fittingKind(esc({ restricted: true }), true)).toBe("security");
  });

  it("the Fleet playbook brings a template of every kind, each filled without a placeholder left", () => {
    for (const kind of TEMPLATE_KINDS) {
      const template = templateOf(fleetPolicy, kind);
      expect(template, kind).toBeDefined();
      const filled = fillTemplate(`${template!.subject ?? ""}\n${template!.body}`, draftValues(esc(), fleetPolicy, {}));
      expect(filled, kind).not.toMatch(/\{[a-z_]+\}/);
    }
    expect(fillTemplate(templateOf(fleetPolicy, "initial")!.body, draftValues(esc(), fleetPolicy, {}))).toContain("Assigned to: [YOUR NAME]");
  });

  it("a time reads as the customer will read it: the writer's zone, named; an unknown zone falls back to UTC", () => {
    expect(customerTime(T0, "America/Los_Angeles")).toBe("Wed 28 Oct 2026, 09:00 PDT");
    expect(customerTime(T0 + 7 * 86_400_000, "America/Los_Angeles")).toBe("Wed 4 Nov 2026, 08:00 PST");
    expect(customerTime(T0, "Europe/Berlin")).toBe("Wed 28 Oct 2026, 17:00 GMT+1");
    expect(customerTime(T0, "Not/AZone")).toBe("Wed 28 Oct 2026, 16:00 UTC");
  });

  it("anyone may draft for an ordinary escalation; a restricted one only for those who may see it", () => {
    const nobody = { userId: "U9", roles: new Set<string>(), channels: new Set<string>() };
    const subject = { reporterId: "U1", ownerId: null, level: "tier3", category: "security", alsoCategories: [], channel: "#security-alerts", messageChannelId: "C0SEC" };
    expect(mayDraft({ ...subject, restricted: false }, nobody, fleetPolicy)).toBe(true);
    expect(mayDraft({ ...subject, restricted: true }, nobody, fleetPolicy)).toBe(false);
    expect(mayDraft({ ...subject, restricted: true }, { ...nobody, channels: new Set(["C0SEC"]) }, fleetPolicy)).toBe(true);
    expect(mayDraft({ ...subject, restricted: true }, { ...nobody, roles: new Set(["security-officer"]) }, fleetPolicy)).toBe(true);
    expect(mayDraft({ ...subject, restricted: true }, { ...nobody, roles: new Set(["support-manager"]) }, fleetPolicy)).toBe(true);
    // Before the post's id is recorded, a member of the channel it is routed to may already.
    expect(mayDraft({ ...subject, restricted: true, messageChannelId: null }, { ...nobody, channels: new Set(["#security-alerts"]) }, fleetPolicy)).toBe(true);
    expect(mayDraft({ ...subject, restricted: true, messageChannelId: null }, { ...nobody, channels: new Set(["#fleet-support-tier2"]) }, fleetPolicy)).toBe(false);
  });
});
