import { parseArgs } from "node:util";
import { loadIntegrationSettings } from "../config.js";
import { openDatabase, type DatabaseLocation } from "../db/connection.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import { INTEGRATION_QUEUE, type IntegrationName } from "../domain/outbox-intent.js";
import { checkIntegrations } from "../integrations/integration-check.js";
import { INTEGRATION_LABEL } from "../integrations/integration-delivery.js";
import type { CliIo } from "./policy-commands.js";

export const INTEGRATIONS_USAGE = `escalation-bot integrations check [--send-test]   (PAGERDUTY_*, WEBHOOK_*, JIRA_*: does each answer?)
  escalation-bot integrations retry [pagerduty|webhook|jira]   (send a parked integration's events again)`;

const NAMES = Object.keys(INTEGRATION_QUEUE) as IntegrationName[];

/**
 * `integrations check [--send-test]`: each configured integration, whether it answers; 1 when one
 * does not (with why), 0 otherwise (also when none is configured).
 */
export async function integrationsCheck(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({ args, options: { "send-test": { type: "boolean", default: false } }, strict: true });
  const settings = loadIntegrationSettings(env);
  const results = await checkIntegrations(settings, { sendTest: values["send-test"] });
  if (results.length === 0) {
    io.out("No integration is configured: set PAGERDUTY_ROUTING_KEY, WEBHOOK_URL and WEBHOOK_SECRET, or the four JIRA_* variables (README, Integrations).");
    return 0;
  }
  for (const r of results) (r.ok ? io.out : io.err)(`${INTEGRATION_LABEL[r.integration].name}: ${r.ok ? "ok" : "FAILED"}: ${r.detail}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

/**
 * `integrations retry [NAME]`: the parked events of one integration (or of all) are due again; the
 * running bot sends them at its next look at the outbox (within a second or so), and parks them
 * again if the integration still refuses.
 */
export async function integrationsRetry(args: string[], io: CliIo, location: DatabaseLocation): Promise<number> {
  const [name, ...extra] = args;
  if (extra.length > 0 || (name !== undefined && !(NAMES as string[]).includes(name))) {
    io.err(`integrations retry takes one of ${NAMES.join(", ")} (or nothing, for all)`);
    return 2;
  }
  const names = name ? [name as IntegrationName] : NAMES;
  const db = await openDatabase(location, { migrate: false });
  try {
    let total = 0;
    for (const n of names) {
      const count = await db.transaction((tx) => new OutboxRepo(tx).unpark(INTEGRATION_QUEUE[n]));
      total += count;
      if (count > 0) io.out(`${INTEGRATION_LABEL[n].name}: ${count} parked event(s) will be sent again by the running bot`);
    }
    if (total === 0) io.out(`Nothing is parked${name ? ` for ${INTEGRATION_LABEL[name as IntegrationName].name}` : ""}.`);
    return 0;
  } finally {
    await db.close();
  }
}
