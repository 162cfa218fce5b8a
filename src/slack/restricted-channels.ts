import type { WebClient } from "@slack/web-api";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { Policy } from "../domain/playbook/model.js";
import { ChannelDirectory, ChannelNotFoundError } from "./channel-directory.js";

/**
 * A restricted category keeps its details in its own channels; if one of them is public, anyone in
 * the workspace can read them. Said at start-up, once per channel, with the fix. Returns what it
 * said (for tests).
 */
export async function warnAboutPublicRestrictedChannels(client: WebClient, policy: Policy, clock: Clock, logger: Logger): Promise<string[]> {
  const warnings = await findPublicRestrictedChannels(client, policy, clock, logger);
  for (const warning of warnings) logger.warn(warning);
  return warnings;
}

/**
 * One warning, with its fix, per restricted channel that is public; what could not be checked is
 * logged. A channel that does not exist yet is the deliverer's business (it waits for it).
 */
export async function findPublicRestrictedChannels(client: WebClient, policy: Policy, clock: Clock, logger: Logger): Promise<string[]> {
  const directory = new ChannelDirectory(client, clock);
  const warnings: string[] = [];
  const restricted = policy.categories.filter((c) => c.restricted);
  const channels = [...new Set(restricted.flatMap((c) => c.channels))];
  for (const ref of channels) {
    try {
      const id = await directory.resolve(ref);
      const info = await client.conversations.info({ channel: id });
      if (info.channel?.is_private) continue;
      const categories = restricted.filter((c) => c.channels.includes(ref)).map((c) => c.label).join(", ");
      warnings.push(
        `restricted channel ${ref} is public: anyone in the workspace can read the details of ${categories} escalations. ` +
          `Make it private in Slack (channel settings → Change to a private channel), or point the playbook at a private channel.`,
      );
    } catch (err) {
      if (err instanceof ChannelNotFoundError) continue;
      logger.warn({ channel: ref, error: err instanceof Error ? err.message : String(err) }, "restricted_channel.unchecked");
    }
  }
  return warnings;
}
