import type { IntegrationSettings } from "../config.js";
import { INTEGRATION_QUEUE, type IntegrationName } from "../domain/outbox-intent.js";
import { INTEGRATION_LABEL } from "./integration-delivery.js";

type Parked = { queue: string; rows: number; error: string }[];

const NAMES = Object.keys(INTEGRATION_QUEUE) as IntegrationName[];

/** /healthz's problems for parked integrations: which one, why, and what the operator does about it. */
export function parkedProblems(parked: Parked): string[] {
  return parked.map((p) => {
    const name = NAMES.find((n) => INTEGRATION_QUEUE[n] === p.queue);
    const label = name ? INTEGRATION_LABEL[name] : { name: p.queue, fix: "fix its configuration" };
    return (
      `${label.name} is parked: it refused an event (${p.error}); ${p.rows} event(s) wait. ` +
      `Fix: ${label.fix}, then run: escalation-bot integrations retry${name ? ` ${name}` : ""}`
    );
  });
}

/** `integrations: { pagerduty: "ok" | "parked" }` for /healthz, the configured ones only (none: left out). */
export function integrationStates(settings: IntegrationSettings, parked: Parked): { integrations?: Record<string, string> } {
  const on = NAMES.filter((n) => settings[n] !== undefined);
  if (on.length === 0) return {};
  return { integrations: Object.fromEntries(on.map((n) => [n, parked.some((p) => p.queue === INTEGRATION_QUEUE[n]) ? "parked" : "ok"])) };
}
