import type { RenderContext } from "../../../src/sandbox/render/context.js";

const USERS = [
  { id: "U1", name: "Ann" },
  { id: "U2", name: "Bob <b>" },
];
const CHANNELS = [
  { id: "C1", name: "general" },
  { id: "C2", name: "escalations" },
];
const GROUPS: Record<string, string> = { S1: "oncall" };

/** A small workspace: two users, two channels, one user group; LA time, 2014-02-18 12:00 PST. */
export function makeContext(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    userName: (id) => USERS.find((u) => u.id === id)?.name,
    channelName: (id) => CHANNELS.find((c) => c.id === id)?.name,
    usergroupHandle: (id) => (Object.hasOwn(GROUPS, id) ? GROUPS[id] : undefined),
    users: USERS,
    channels: CHANNELS,
    timeZone: "America/Los_Angeles",
    now: Date.parse("2014-02-18T20:00:00Z"),
    ...overrides,
  };
}
