import type { IncomingMessage } from "node:http";
import { DateTime } from "luxon";
import { z } from "zod";
import { checkSimulationRequest, simulate, type CiteLines } from "../../domain/simulate.js";
import { simulationReport } from "../../domain/simulation-report.js";
import type { Policy } from "../../domain/playbook/model.js";

/**
 * "Try the playbook" on the sandbox page: what the bot would decide for an escalation opened at a
 * given time (by default the sandbox clock's now, which may have travelled), with the playbook the
 * sandbox runs: the same simulation and report as `escalation-bot policy simulate --json`.
 */

export interface PlaybookHost {
  playbook: { policy: Policy; cite: CiteLines };
  clock: { now(): number };
}

const zSimulate = z.object({
  text: z.string().max(40_000),
  tier: z.string().max(200).optional(),
  /** Field id → what was typed (a checkbox: true or false). */
  fields: z.record(z.string().max(100), z.union([z.string().max(200), z.boolean()])).optional(),
  /** ISO-8601 with its offset; empty or absent: the sandbox clock's now. */
  at: z.string().max(100).optional(),
  customerRequested: z.boolean().optional(),
});

/** The words the page shows in place of the command line's option names. */
const FORM_NAMES: Record<string, string> = { "--tier": "Tier", "--field": "Field", "--at": "Opened at", "--severity": "Severity", "--category": "Category" };

export function tryPlaybookApi(host: PlaybookHost, readJson: (req: IncomingMessage) => Promise<unknown>): Record<string, (req: IncomingMessage) => Promise<[number, unknown]>> {
  const { policy, cite } = host.playbook;
  const zone = Object.values(policy.calendars)[0]?.zone ?? "UTC";
  return {
    // What the form offers: the playbook's tiers and fields, and the sandbox clock's now in the playbook's zone.
    "GET playbook": async () => [
      200,
      {
        name: policy.name,
        zone,
        now: DateTime.fromMillis(host.clock.now(), { zone }).startOf("minute").toISO({ suppressMilliseconds: true, suppressSeconds: true }),
        defaultTier: policy.defaults.tier,
        tiers: policy.tiers.map((t) => ({ id: t.id, label: t.label })),
        fields: policy.fields.map((f) => ({ id: f.id, label: f.label, kind: f.kind, ...(f.hint ? { hint: f.hint } : {}) })),
      },
    ],
    "POST playbook/simulate": async (req) => {
      const b = zSimulate.parse(await readJson(req));
      const fields = Object.entries(b.fields ?? {})
        .filter(([, v]) => v !== "")
        .map(([id, v]) => (typeof v === "boolean" ? `${id}=${v ? "yes" : "no"}` : `${id}=${v}`));
      const checked = checkSimulationRequest(policy, { text: b.text, tier: b.tier || undefined, fields, at: b.at?.trim() || undefined, customerRequested: b.customerRequested }, host.clock.now());
      if ("error" in checked) return [400, { ok: false, error: checked.error.replace(/^--[a-z]+/, (flag) => FORM_NAMES[flag] ?? flag) }];
      return [200, { ok: true, report: simulationReport(simulate(checked.input, policy, checked.openedAt), policy, cite) }];
    },
  };
}
