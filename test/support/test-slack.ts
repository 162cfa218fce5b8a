import { SlackEmulator, type ChannelSeed, type EmulatorOptions } from "../../src/sandbox/emulator.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";

export { RESPONSE_URL_METHOD, SlackEmulator, type Fault, type RecordedCall } from "../../src/sandbox/emulator.js";

/** The default playbook's channels, public, with everyone (and the app) in them. */
export const DEFAULT_CHANNELS: readonly ChannelSeed[] = Object.freeze([
  { id: "C0TIER1", name: "fleet-support-tier1" },
  { id: "C0TIER2", name: "fleet-support-tier2" },
  { id: "C0ENG", name: "fleet-engineering" },
  { id: "C0SEC", name: "security-alerts" },
  { id: "C0MGMT", name: "fleet-management" },
]);

export const TEST_TEAM_ID = EMULATOR_IDS.teamId;
export const TEST_APP_ID = EMULATOR_IDS.appId;
export const BOT_USER_ID = EMULATOR_IDS.botUserId;
export const BOT_ID = EMULATOR_IDS.botId;
export const TEST_WORKSPACE_URL = "https://sandbox.slack.test/";

/**
 * The emulator with test defaults: the default playbook's channels, and conversations.list pages of
 * two so that every caller has to paginate.
 */
export function startTestSlack(opts: EmulatorOptions = {}): Promise<SlackEmulator> {
  return SlackEmulator.start({ channels: DEFAULT_CHANNELS, pageSize: 2, workspaceUrl: TEST_WORKSPACE_URL, ...opts });
}
