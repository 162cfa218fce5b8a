import { EMULATOR_IDS } from "./identity.js";
import type { Roster } from "./roster.js";
import type { Workspace } from "./workspace.js";

/**
 * Puts the roster into the workspace, adding only what is missing: a restarted sandbox keeps its
 * people and messages, and a playbook that names a new channel gets it on the next start.
 */
export function seedWorkspace(workspace: Workspace, roster: Roster): void {
  for (const user of roster.users) if (!workspace.users.has(user.id)) workspace.putUser(user);
  for (const group of roster.usergroups) if (!workspace.usergroups.has(group.id)) workspace.putUsergroup(group);
  for (const channel of roster.channels) {
    if (workspace.channelByName(channel.name)) continue;
    const members = channel.everyone ? [] : [...new Set([EMULATOR_IDS.botUserId, ...channel.members])];
    workspace.putChannel({ ...channel, id: freeChannelId(workspace, channel.name), members });
  }
}

/** A stable id from the name (C0 + base-36 hash), so links keep working across resets. */
function freeChannelId(workspace: Workspace, name: string): string {
  let hash = 2166136261;
  for (const ch of name) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  let id = `C0${hash.toString(36).toUpperCase()}`;
  while (workspace.channels.has(id)) id = `${id}X`;
  return id;
}
