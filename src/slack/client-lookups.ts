import type { WebClient } from "@slack/web-api";

/** Small Slack look-ups the deliverer's senders share. */

/** A message's permalink; undefined when Slack cannot give one (the message then names the channel or id). */
export async function permalinkAt(client: WebClient, channel: string, ts: string): Promise<string | undefined> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink;
  } catch {
    return undefined;
  }
}

/** The direct-message channel with a person. */
export async function openDm(client: WebClient, userId: string): Promise<string> {
  const dm = await client.conversations.open({ users: userId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error("conversations.open returned no channel");
  return channel;
}
