import { describe, expect, it } from "vitest";
import { mayDo, type Actor, type PermissionSubject } from "../../src/domain/permissions.js";
import { ACTIONS, type Action } from "../../src/domain/playbook/actions.js";
import { loadPolicyFile } from "../../src/policy/loader.js";
import { fleetPolicy } from "../support/policy.js";

/** Who may do what, per role and action, as the playbook's permissions (or their defaults) say. */

const subject: PermissionSubject = { reporterId: "U0REP", ownerId: "U0OWN", level: "tier2", category: "bug", alsoCategories: [], channel: "#fleet-support-tier2", messageChannelId: "C0TIER2" };
const actor = (userId: string, roles: string[] = [], channels: string[] = []): Actor => ({ userId, roles: new Set(roles), channels: new Set(channels) });

const PEOPLE: Record<string, Actor> = {
  stranger: actor("U0X"),
  reporter: actor("U0REP"),
  owner: actor("U0OWN"),
  "member of the level's channel": actor("U0T2", [], ["#fleet-support-tier2"]),
  "member of the escalation's channel": actor("U0C", [], ["C0TIER2"]),
  "another level's channel only": actor("U0ENG", [], ["#fleet-engineering"]),
  "a manager (support-manager)": actor("U0MGR", ["support-manager"]),
  "a role that is not a manager (cto)": actor("U0CTO", ["cto"]),
};

// Fleet names no permissions: the defaults. ✓ allowed, · refused.
const TABLE: Record<string, string> = {
  //                                        ack upd snz esc res chk lift
  stranger: "· · · · · · ·",
  reporter: "· · · ✓ · · ·",
  owner: "· ✓ ✓ ✓ ✓ ✓ ·",
  "member of the level's channel": "✓ ✓ ✓ ✓ ✓ ✓ ·",
  "member of the escalation's channel": "✓ ✓ ✓ ✓ ✓ ✓ ·",
  "another level's channel only": "· · · · · · ·",
  "a manager (support-manager)": "✓ ✓ ✓ ✓ ✓ ✓ ✓",
  "a role that is not a manager (cto)": "· · · · · · ·",
};

describe("permissions: the defaults, per role and action (Fleet)", () => {
  const cases = Object.entries(TABLE).flatMap(([who, row]) => row.split(" ").map((mark, i) => [who, ACTIONS[i]!, mark === "✓"] as const));
  it.each(cases)("%s → %s: %s", (who, action: Action, allowed) => {
    expect(mayDo(action, subject, PEOPLE[who]!, fleetPolicy).allowed).toBe(allowed);
  });

  it("says who may, in words, when it refuses", () => {
    expect(mayDo("resolve", subject, PEOPLE.stranger!, fleetPolicy)).toEqual({ allowed: false, allowedAre: "the owner, Tier 2's people or a manager" });
    expect(mayDo("acknowledge", subject, PEOPLE.stranger!, fleetPolicy)).toEqual({ allowed: false, allowedAre: "Tier 2's people or a manager" });
  });

  it("counts the category's roles as the owning level's people (security officer on a security escalation)", () => {
    const security = { ...subject, level: "tier3", category: "security", messageChannelId: "C0SEC" };
    expect(mayDo("acknowledge", security, actor("U0SEC", ["security-officer"]), fleetPolicy).allowed).toBe(true);
    expect(mayDo("acknowledge", subject, actor("U0SEC", ["security-officer"]), fleetPolicy).allowed).toBe(false);
  });

  it("lets the restricted category's people lift a restriction, not the level that chose another category", () => {
    // The agent chose Bug on a text the playbook calls a breach: security is an also-category, still restricted.
    const chosenBug = { ...subject, alsoCategories: ["security"], messageChannelId: "C0SEC" };
    expect(mayDo("liftRestriction", chosenBug, actor("U0SEC", ["security-officer"]), fleetPolicy).allowed).toBe(true);
    expect(mayDo("liftRestriction", chosenBug, PEOPLE["member of the level's channel"]!, fleetPolicy)).toEqual({
      allowed: false,
      allowedAre: "the restricted category's people or a manager",
    });
  });
});

describe("permissions: a playbook's own", () => {
  const policy = loadPolicyFile(new URL("../fixtures/decisions.yml", import.meta.url).pathname);
  const tech = { reporterId: "U0REP", ownerId: "U0OWN", level: "tech", category: "bug", alsoCategories: [], channel: "#tech", messageChannelId: "C0TECH" };
  it("replace the default for the action they name and keep the others", () => {
    const member = actor("U0T", [], ["#tech"]);
    expect(mayDo("resolve", tech, member, policy)).toEqual({ allowed: false, allowedAre: "the owner or a manager" });
    expect(mayDo("resolve", tech, actor("U0OWN"), policy).allowed).toBe(true);
    expect(mayDo("update", tech, member, policy).allowed).toBe(true);
  });
});
