import { describe, expect, it } from "vitest";
import type { Escalation } from "../../src/domain/escalation.js";
import { conferenceLink, MAX_ROOM_NAME, roomArchiveAt, roomStatusDue, slugWords, warRoomFor, warRoomInvitees, warRoomName } from "../../src/domain/war-room.js";
import { loadPolicyFile } from "../../src/policy/loader.js";
import { fleetPolicy } from "../support/policy.js";

const T0 = Date.parse("2026-10-28T16:00:00Z");
const room = fleetPolicy.warRoom!;

const esc = (over: Partial<Escalation> = {}) =>
  ({
    id: 42, severity: "sev1", category: "general", alsoCategories: [], level: "tier2", tier: "standard", customer: "Acme Corp",
    summary: "Photo uploads fail with 503", ownerId: null, commanderId: null, notify: ["support-manager"], restricted: false, ...over,
  }) as Escalation;

describe("the war room's name", () => {
  it.each([
    ["Acme Corp", "Photo uploads fail with 503", 1, "esc-0042-acme-photo-uploads-fail"],
    ["Acme Corp", "Photo uploads fail with 503", 2, "esc-0042-acme-photo-uploads-fail-2"],
    // Filler words go; the customer's name is not said twice.
    ["Acme", "The Acme app is down for all of the drivers", 1, "esc-0042-acme-app-down-all"],
    // Accents become plain letters; other scripts and symbols are separators.
    ["Müller Logistik GmbH", "Fahrtenbuch-Export schlägt fehl!", 1, "esc-0042-muller-fahrtenbuch-export-schlagt"],
    // Nothing Latin in it: the number alone still names the room.
    ["株式会社テスト", "写真がアップロードできません", 1, "esc-0042"],
    ["<!channel> @here", "`rm -rf` & <script>", 1, "esc-0042-channel-rm-rf-script"],
  ])("%s / %s (try %i) → %s", (customer, summary, attempt, name) => {
    expect(warRoomName(esc({ customer, summary }), "esc", attempt)).toBe(name);
  });

  it("of a restricted escalation says nothing of it: its number alone", () => {
    expect(warRoomName(esc({ restricted: true, customer: "Zanzibar", summary: "Dispatcher can see another fleet" }), "esc")).toBe("esc-0042");
    expect(warRoomName(esc({ restricted: true }), "esc", 3)).toBe("esc-0042-3");
  });

  it("is a valid Slack name of at most 80 characters, the suffix always kept", () => {
    const long = esc({ id: 123456, customer: "A".repeat(200), summary: "supercalifragilistic ".repeat(20) });
    for (const attempt of [1, 2, 10, 20]) {
      const name = warRoomName(long, "esc", attempt);
      expect(name.length).toBeLessThanOrEqual(MAX_ROOM_NAME);
      expect(name).toMatch(/^[a-z0-9_-]+$/);
      expect(name).not.toMatch(/--|-$/);
      if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
      expect(name.startsWith("esc-123456-")).toBe(true);
    }
    expect(slugWords("Ça coûte 3 € — très cher")).toEqual(["ca", "coute", "3", "tres", "cher"]);
  });
});

describe("which escalations get a room, and who is asked in", () => {
  it("Fleet: Sev 1 only", () => {
    expect(warRoomFor(esc(), fleetPolicy)).toBe(room);
    expect(warRoomFor(esc({ severity: "sev2" }), fleetPolicy)).toBeUndefined();
  });

  it("TeamFlow: its security and outage categories, whatever the severity; other playbooks: none", () => {
    const teamflow = loadPolicyFile(new URL("../../policies/teamflow.yml", import.meta.url).pathname);
    expect(warRoomFor(esc({ severity: "high", category: "outage" }), teamflow)).toBeDefined();
    expect(warRoomFor(esc({ severity: "high", category: "billing", alsoCategories: ["security"] }), teamflow)).toBeDefined();
    expect(warRoomFor(esc({ severity: "critical", category: "billing" }), teamflow)).toBeUndefined();
    for (const file of ["saas-escalation-policies", "generic-levels", "octoacme"]) {
      expect(loadPolicyFile(new URL(`../../policies/${file}.yml`, import.meta.url).pathname).warRoom).toBeUndefined();
    }
  });

  it("invites the owner, commander, notified roles, the level's on-call, the playbook's roles and, for enterprise, Customer Success", () => {
    expect(warRoomInvitees(esc({ level: "tier3", ownerId: "U1", commanderId: "U2" }), fleetPolicy)).toEqual({
      users: ["U1", "U2"],
      roles: ["support-manager", "engineering-oncall", "vp-engineering"],
    });
    expect(warRoomInvitees(esc({ tier: "enterprise" }), fleetPolicy).roles).toContain("customer-success");
    expect(warRoomInvitees(esc({ ownerId: "U1", commanderId: "U1" }), fleetPolicy).users).toEqual(["U1"]);
  });

  it("a restricted escalation's room keeps only its restricted people and managers", () => {
    const security = esc({ category: "security", restricted: true, tier: "enterprise", level: "tier3", notify: ["security-officer", "support-manager"] });
    const { roles } = warRoomInvitees(security, fleetPolicy);
    expect(roles).toEqual(expect.arrayContaining(["security-officer", "support-manager", "vp-engineering"]));
    expect(roles).not.toContain("customer-success");
    expect(roles).not.toContain("engineering-oncall");
  });
});

describe("the room's clocks and links", () => {
  it("asks for a status every 15 minutes, archives 24 hours after the resolution", () => {
    expect(roomStatusDue(T0, room)).toBe(T0 + 15 * 60_000);
    expect(roomArchiveAt(T0, room)).toBe(T0 + 24 * 3_600_000);
  });

  it("shows a conference link only when the playbook gives one, filled in", () => {
    expect(conferenceLink(room, esc(), "esc-0042-acme")).toBeUndefined();
    const withLink = { ...room, conferenceUrl: "https://zoom.example/j/1?room={room}&id={id}" };
    expect(conferenceLink(withLink, esc(), "esc-0042-acme")).toBe("https://zoom.example/j/1?room=esc-0042-acme&id=ESC-0042");
  });
});
