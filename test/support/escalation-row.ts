import type { EscalationRow } from "../../src/db/schema.js";

/** When the test escalations open. */
export const T0 = Date.parse("2026-01-15T16:00:00Z");

/**
 * A Fleet Sev 1 at Tier 2 for an enterprise customer, opened at T0 and nothing done yet, as the
 * database holds it; `over` changes what a test is about. The customer's name carries markup, so
 * every view that shows it proves it escaped.
 */
export function escalationRow(over: Partial<EscalationRow> = {}): EscalationRow {
  return {
    id: 42, submissionKey: "V1", status: "open", severity: "sev1", suggestedSeverity: "sev1", category: "general", suggestedCategory: "general", alsoCategories: [],
    level: "tier2", channel: "#fleet-support-tier2", channels: ["#fleet-support-tier2"], restricted: false, notify: ["support-manager"], cc: [],
    flags: [], flagsDone: [], reasons: ["no category phrase matched → General"], fields: {}, clock: "24x7", firstResponseDue: T0 + 15 * 60_000,
    nextUpdateDue: T0 + 3_600_000, resolutionDue: T0 + 4 * 3_600_000, levelSince: T0, levelBudgetDue: null, customer: "Acme <Corp> & Co", customerContact: null, tier: "enterprise",
    summary: "Uploads fail", impact: null, troubleshooting: null, errorMessages: null, environment: null, reproSteps: null,
    workaround: null, sentiment: null, ticketRef: null, jiraKey: null, reporterId: "U1", reporterChannelId: "C1", createdAt: T0,
    acknowledgedBy: null, acknowledgedAt: null, resolvedBy: null, resolvedAt: null, resolution: null, rootCause: null,
    prevention: null, messageChannelId: null, messageTs: null, lastUpdateAt: null, lastUpdateBy: null, breachedAt: null,
    customerRequested: false, ownerId: null, pausedAt: null, pausedTimers: [], pausedMs: 0, reclassification: null, sourceMessageUrl: null, reopenedAt: null,
    warRoomChannelId: null, warRoomName: null, warRoomArchivedAt: null, commanderId: null, roomStatusAt: null, parentId: null, customerKey: "acme co", repeat: null,
    ...over,
  };
}
