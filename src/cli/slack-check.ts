import { WebClient } from "@slack/web-api";
import { systemClock } from "../domain/clock.js";
import { createLogger } from "../logger.js";
import { loadPolicyFile, PolicyError } from "../policy/loader.js";
import { findPublicRestrictedChannels } from "../slack/restricted-channels.js";
import type { CliIo } from "./policy-commands.js";

/**
 * `policy check --slack FILE...`: what only the workspace can tell, with the bot's token from the
 * environment (SLACK_BOT_TOKEN, and SLACK_API_URL for the sandbox): every restricted category's
 * channel must be private. 0 when all are, 1 when one is public or a file is invalid, 2 without a token.
 */
export async function policyCheckSlack(files: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const token = env.SLACK_BOT_TOKEN;
  if (!token) {
    io.err("policy check --slack needs the bot's token in SLACK_BOT_TOKEN (xoxb-…) to look at the workspace's channels");
    return 2;
  }
  const client = new WebClient(token, { ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), retryConfig: { retries: 1 } });
  // The warnings come back as the function's answer; the logger only says what could not be checked.
  const log = createLogger({ level: "warn", format: "pretty", write: (entry) => io.err(entry) });
  let failed = 0;
  for (const file of files) {
    try {
      const policy = loadPolicyFile(file);
      const warnings = await findPublicRestrictedChannels(client, policy, systemClock, log);
      for (const w of warnings) io.err(`${file}: ${w}`);
      if (warnings.length > 0) failed++;
      else io.out(`${file}: restricted channels are private (or not created yet)`);
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      io.err(err.message);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}
