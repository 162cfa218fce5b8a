import type { Policy } from "../domain/playbook/model.js";
import type { Usergroup, WorkspaceChannel, WorkspaceUser } from "./workspace.js";

/**
 * The people and channels a sandbox workspace starts with, taken from the playbook: every channel
 * it names, one person for each of its roles (with the role's e-mail, so the bot's look-ups find
 * them and its DMs arrive somewhere visible), one person on duty at each support level, and an
 * agent who opens escalations.
 */

export interface Roster {
  users: WorkspaceUser[];
  channels: Omit<WorkspaceChannel, "id">[];
  usergroups: Usergroup[];
  /** The person the page acts as at first. */
  firstUser: string;
  /** Where agents escalate from. */
  firstChannel: string;
}

export const ESCALATION_CHANNEL = "support-escalation";
export const GENERAL_CHANNEL = "general";

/** Curated names for roles the playbooks share; matched on the role id. */
const ROLE_PEOPLE: readonly [RegExp, string][] = [
  [/support-manager|^manager/, "Dana Whitfield"],
  [/security/, "Omar Haddad"],
  [/success|csm/, "Grace Kim"],
  [/^vp-eng|vp-engineering/, "Victor Alvarez"],
  [/^vp-|^vp$/, "Elena Rossi"],
  [/cto/, "Nadia Petrova"],
  [/ceo|executive/, "Helen Brooks"],
  [/legal/, "Ruth Goldberg"],
  [/finance|billing/, "Carlos Mendes"],
  [/engineering-manager/, "Sofia Lindqvist"],
];
const LEVEL_PEOPLE = ["Mike Chen", "Priya Natarajan", "Tom Becker", "Lena Fischer", "Kenji Watanabe", "Amara Okafor"];
const MORE_PEOPLE = [
  "Jordan Lee", "Sam Rivera", "Alex Morgan", "Casey Nguyen", "Taylor Brooks", "Jamie Patel", "Morgan Diaz", "Drew Kim",
  "Avery Scott", "Quinn Walsh", "Reese Ali", "Harper Young", "Rowan Ellis", "Skyler Grant", "Emerson Cole", "Finley Shaw",
];

/** One engineer works from Berlin, so dates visibly follow each reader's own time zone. */
const ELSEWHERE_TZ = "Europe/Berlin";

export function rosterFor(policy: Policy): Roster {
  const zone = defaultZone(policy);
  const names = new NamePool();
  const users: WorkspaceUser[] = [];
  const person = (fullName: string, title: string, extra: Partial<WorkspaceUser> = {}): WorkspaceUser => {
    const handle = fullName.split(" ")[0]!.toLowerCase();
    const user: WorkspaceUser = { id: `U0${handle.toUpperCase()}`, name: handle, realName: fullName, title, tz: zone, isBot: false, ...extra };
    users.push(user);
    return user;
  };

  const agent = person(names.take("Sarah Lopez"), "Support agent");
  const onDuty = new Map<string, WorkspaceUser>();
  policy.levels.forEach((level, i) => {
    const name = names.take(LEVEL_PEOPLE[i] ?? "");
    onDuty.set(level.id, person(name, `${level.label} on-call`, i === 1 ? { tz: ELSEWHERE_TZ } : {}));
  });

  const byEmail = new Map<string, WorkspaceUser>();
  const roleMembers = new Map<string, string[]>();
  const usergroups: Usergroup[] = [];
  for (const [roleId, role] of Object.entries(policy.roles)) {
    const members: string[] = [];
    const label = role.label ?? roleId;
    for (const email of role.emails) {
      const existing = byEmail.get(email.toLowerCase());
      if (existing) {
        members.push(existing.id);
        continue;
      }
      const curated = ROLE_PEOPLE.find(([pattern]) => pattern.test(roleId))?.[1] ?? "";
      const user = person(names.take(curated), label, { email });
      byEmail.set(email.toLowerCase(), user);
      members.push(user.id);
    }
    for (const id of role.users) {
      if (!users.some((u) => u.id === id)) users.push({ id, name: names.take("").split(" ")[0]!.toLowerCase(), realName: label, title: label, tz: zone, isBot: false });
      members.push(id);
    }
    for (const groupId of role.usergroups) {
      // A group needs someone in it for its DMs and mentions to land: the role's own person, or a new one.
      const groupMembers = members.length > 0 ? [...members] : [person(names.take(""), label).id];
      usergroups.push({ id: groupId, handle: roleId, name: label, users: groupMembers });
      members.push(...groupMembers);
    }
    roleMembers.set(roleId, [...new Set(members)]);
  }

  return {
    users,
    channels: channelsFor(policy, roleMembers, onDuty),
    usergroups,
    firstUser: agent.id,
    firstChannel: ESCALATION_CHANNEL,
  };
}

/**
 * Every channel the playbook names. A restricted category's channels are private: only the app,
 * the roles the category names and the people on duty at its level are in them.
 */
function channelsFor(policy: Policy, roleMembers: Map<string, string[]>, onDuty: Map<string, WorkspaceUser>): Omit<WorkspaceChannel, "id">[] {
  const privateMembers = new Map<string, Set<string>>();
  for (const category of policy.categories.filter((c) => c.restricted)) {
    for (const ref of category.channels) {
      const members = privateMembers.get(channelName(ref)) ?? new Set<string>();
      for (const role of [...category.notify, ...category.cc]) for (const u of roleMembers.get(role) ?? []) members.add(u);
      const duty = category.level ? onDuty.get(category.level) : undefined;
      if (duty) members.add(duty.id);
      privateMembers.set(channelName(ref), members);
    }
  }
  const names = new Set<string>([
    ESCALATION_CHANNEL,
    GENERAL_CHANNEL,
    ...policy.levels.flatMap((l) => l.channels),
    ...policy.categories.flatMap((c) => c.channels),
    ...policy.rules.flatMap((r) => r.then.channels),
    // The weekly review's channel, so its post shows in the sandbox (and time travel brings it).
    ...(policy.weeklyReview ? [policy.weeklyReview.channel] : []),
    ...(policy.featureRequests?.channels ?? []),
  ].map(channelName));
  return [...names].map((name) => {
    const members = privateMembers.get(name);
    return members
      ? { name, isPrivate: true, isIm: false, members: [...members], topic: "Restricted: details of restricted escalations stay here" }
      : { name, isPrivate: false, isIm: false, members: [], everyone: true, ...(name === ESCALATION_CHANNEL ? { topic: "Type /escalate to open an escalation" } : {}) };
  });
}

export function channelName(ref: string): string {
  return ref.trim().replace(/^#/, "").toLowerCase();
}

/** The zone of the playbook's default calendar, else UTC. */
function defaultZone(policy: Policy): string {
  const calendar = policy.calendars[policy.defaults.clock] ?? Object.values(policy.calendars)[0];
  return calendar?.zone ?? "UTC";
}

/** Hands out each name once; a taken or missing wish gets the next free name. */
class NamePool {
  private readonly taken = new Set<string>();
  take(wish: string): string {
    const firstName = (n: string) => n.split(" ")[0]!.toLowerCase();
    const free = (n: string) => n !== "" && !this.taken.has(firstName(n));
    const name = free(wish) ? wish : [...LEVEL_PEOPLE, ...MORE_PEOPLE].find(free) ?? `Person ${this.taken.size + 1}`;
    this.taken.add(firstName(name));
    return name;
  }
}
