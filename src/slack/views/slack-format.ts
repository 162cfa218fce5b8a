/** Slack renders <!date^…> in each reader's own time zone; the fallback is shown where it cannot. */
export function slackDate(epochMs: number, format = "{date_short_pretty} {time}"): string {
  const seconds = Math.floor(epochMs / 1000);
  return `<!date^${seconds}^${format}|${new Date(epochMs).toISOString()}>`;
}

export const mention = (userId: string): string => `<@${userId}>`;
export const channelLink = (channelId: string): string => `<#${channelId}>`;
