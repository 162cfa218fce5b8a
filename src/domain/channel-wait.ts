/**
 * A message that waits for its channel: Slack refused it because the channel is missing, the bot
 * is not in it, or it is archived. A person can fix each of those, so the message is not failed; it
 * waits and is tried again (on its own schedule, when Slack says the channel is there, or when
 * someone asks).
 */

/** Slack's errors that make a message wait for its channel rather than fail. */
export const CHANNEL_WAIT_ERRORS = ["channel_not_found", "not_in_channel", "is_archived"] as const;
export type ChannelWaitError = (typeof CHANNEL_WAIT_ERRORS)[number];

/**
 * The Slack error code a recorded error starts with (`channel_not_found: no channel named ...`
 * keeps the code first), when it is one that makes a message wait for its channel.
 */
export function channelWaitError(recorded: string | null | undefined): ChannelWaitError | undefined {
  const code = (recorded ?? "").split(":")[0]!.trim();
  return (CHANNEL_WAIT_ERRORS as readonly string[]).includes(code) ? (code as ChannelWaitError) : undefined;
}

/**
 * Who may ask for an escalation's waiting messages to be tried now: the reporter (who was told)
 * and whoever owns it (acknowledged it). Trying again changes nothing else, but it is their
 * escalation to chase.
 */
export function mayRetryDelivery(esc: { reporterId: string; acknowledgedBy: string | null }, userId: string): boolean {
  return userId === esc.reporterId || userId === esc.acknowledgedBy;
}
