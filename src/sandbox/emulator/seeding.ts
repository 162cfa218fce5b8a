import { EMULATOR_IDS } from "../identity.js";
import type { Workspace, WorkspaceChannel, WorkspaceUser } from "../workspace.js";

/**
 * The people and channels a test or the sandbox starts with, written the short way (ids and names;
 * everyone a member by default) and turned into workspace records; and the app's own bot user,
 * which every workspace has.
 */

export interface ChannelSeed {
  id: string;
  name: string;
  is_private?: boolean;
  /** Default: everyone in the workspace (and the app) is a member. */
  members?: string[];
}

export interface UserSeed {
  id: string;
  email?: string;
  name?: string;
  realName?: string;
  title?: string;
  tz?: string;
  /** A deactivated account, or another app's bot user. */
  deactivated?: boolean;
  isBot?: boolean;
}

export function channelFromSeed(seed: ChannelSeed): WorkspaceChannel {
  return {
    id: seed.id,
    name: seed.name.replace(/^#/, "").toLowerCase(),
    isPrivate: seed.is_private ?? false,
    isIm: false,
    members: seed.members ?? [EMULATOR_IDS.botUserId],
    ...(seed.members === undefined ? { everyone: true } : {}),
  };
}

export function userFromSeed(seed: UserSeed): WorkspaceUser {
  const name = seed.name ?? seed.id.toLowerCase();
  return {
    id: seed.id,
    name,
    realName: seed.realName ?? name,
    tz: seed.tz ?? "UTC",
    isBot: seed.isBot ?? false,
    ...(seed.deactivated ? { deactivated: true } : {}),
    ...(seed.email !== undefined ? { email: seed.email } : {}),
    ...(seed.title !== undefined ? { title: seed.title } : {}),
  };
}

/** Adds the bot user and the seeds the workspace lacks (a journal may already hold them). */
export function seedWorkspace(ws: Workspace, seeds: { users?: readonly UserSeed[]; channels?: readonly ChannelSeed[] }): void {
  if (!ws.users.has(EMULATOR_IDS.botUserId)) {
    ws.putUser({
      id: EMULATOR_IDS.botUserId,
      name: EMULATOR_IDS.botName,
      realName: "Escalation Bot",
      tz: "UTC",
      isBot: true,
      botId: EMULATOR_IDS.botId,
    });
  }
  for (const u of seeds.users ?? []) if (!ws.users.has(u.id)) ws.putUser(userFromSeed(u));
  for (const c of seeds.channels ?? []) if (!ws.channels.has(c.id)) ws.putChannel(channelFromSeed(c));
}
