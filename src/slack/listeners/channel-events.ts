import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { logEvent, type Logger } from "../../logger.js";
import type { AvailableChannel, DeliveryRetries } from "../../services/delivery-retries.js";
import type { ListenerDeps } from "./deps.js";

/**
 * Slack's news that a channel may now take the bot's messages: a channel was created (one the
 * playbook names may have been missing), or the bot itself was invited to one. What waited for that
 * channel is tried at once instead of at the end of its backoff. Bolt acks events before listeners run.
 */

const zChannelCreated = z.object({ channel: z.object({ id: z.string().min(1), name: z.string().min(1) }) });
const zMemberJoined = z.object({ user: z.string().min(1), channel: z.string().min(1) });

export function registerChannelEvents(app: App, { deliveryRetries, logger }: ListenerDeps): void {
  app.event("channel_created", async ({ event }) => {
    await handleChannelCreated(deliveryRetries, logger, event);
  });
  app.event("member_joined_channel", async ({ event, context, client }) => {
    await handleMemberJoined(deliveryRetries, logger, client, context.botUserId, event);
  });
}

export async function handleChannelCreated(retries: DeliveryRetries, logger: Logger, event: unknown): Promise<void> {
  const parsed = zChannelCreated.safeParse(event);
  if (!parsed.success) return logEvent(logger, "delivery.channel_created", { outcome: "bad_event" });
  await retryFor(retries, logger, "channel_created", parsed.data.channel);
}

/** Only the bot's own joining matters: a person joining changes nothing for the bot's messages. */
export async function handleMemberJoined(retries: DeliveryRetries, logger: Logger, client: WebClient, botUserId: string | undefined, event: unknown): Promise<void> {
  const parsed = zMemberJoined.safeParse(event);
  if (!parsed.success) return logEvent(logger, "delivery.bot_joined", { outcome: "bad_event" });
  if (!botUserId || parsed.data.user !== botUserId) return;
  // The event names the channel by id only; the playbook may name it by name.
  await retryFor(retries, logger, "bot_joined", { id: parsed.data.channel, ...(await channelName(client, logger, parsed.data.channel)) });
}

async function channelName(client: WebClient, logger: Logger, id: string): Promise<{ name?: string }> {
  try {
    const info = await client.conversations.info({ channel: id });
    return info.channel?.name ? { name: info.channel.name } : {};
  } catch (err) {
    // Rows naming the channel by id are still found; those naming it by name wait for their own retry.
    logger.warn({ channel: id, name_lookup_failed: err instanceof Error ? err.message : String(err) }, "delivery.bot_joined");
    return {};
  }
}

async function retryFor(retries: DeliveryRetries, logger: Logger, via: string, channel: AvailableChannel): Promise<void> {
  try {
    const due = await retries.channelAvailable(channel);
    // `channel_name`, not `name`: pino names the logger with that key.
    logEvent(logger, `delivery.${via}`, { channel: channel.id, channel_name: channel.name, due });
  } catch (err) {
    // Nothing is lost: the rows are still tried on their own schedule.
    logger.error({ channel: channel.id, outcome: "error", err }, `delivery.${via}`);
  }
}
