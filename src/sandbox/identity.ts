/** Who the app is inside the emulated workspace. Tests compare against these ids. */
export const EMULATOR_IDS = {
  teamId: "T0SANDBOX",
  teamName: "Sandbox",
  teamDomain: "sandbox",
  botUserId: "U0BOT",
  botId: "B0BOT",
  appId: "A0APP",
  botName: "escalation-bot",
  /** The workspace's own notices ("/foo is not a valid command") come from Slackbot. */
  slackbotId: "USLACKBOT",
} as const;

export type EmulatorIds = typeof EMULATOR_IDS;
