import { EscalationRepo } from "../db/escalation-repo.js";
import type { EscalationRow } from "../db/schema.js";
import { TimelineRepo } from "../db/timeline-repo.js";
import { buildEscalationPackage, type EscalationPackage } from "../domain/escalation-export.js";
import { maySeeRestricted, type Actor } from "../domain/permissions.js";
import type { ServiceDeps } from "./use-case.js";

export type ExportResult =
  | { kind: "exported"; escalation: EscalationRow; package: EscalationPackage }
  | { kind: "not_found" }
  /** A restricted escalation, and the person may not see it: nothing of it is exported. */
  | { kind: "refused"; escalation: EscalationRow };

export interface ExportRequest {
  /** Who asks, from Slack; absent for the CLI (whoever holds the database holds every escalation). */
  actor?: Actor;
  /** The escalation's thread in Slack, when the caller knows it. */
  threadUrl?: string | undefined;
  /** People's names for the Slack ids the package names (looked up once, before it is built). */
  names?: ((ids: string[]) => Promise<ReadonlyMap<string, string>>) | undefined;
}

/**
 * Export: the escalation package of one escalation, read in one go (the escalation and its whole
 * timeline). It changes nothing, so it takes no lock and writes no outbox row; a restricted
 * escalation is exported only to a person allowed to see it (domain/permissions.ts maySeeRestricted).
 */
export class ExportService {
  constructor(private readonly deps: ServiceDeps) {}

  async exportPackage(id: number, request: ExportRequest = {}): Promise<ExportResult> {
    const found = await this.deps.db.read(async (tx) => {
      const escalation = await new EscalationRepo(tx).findById(id);
      return escalation ? { escalation, events: await new TimelineRepo(tx).history(id) } : undefined;
    });
    if (!found) return { kind: "not_found" };
    const { escalation, events } = found;
    if (escalation.restricted && request.actor && !maySeeRestricted(escalation, request.actor, this.deps.policy)) return { kind: "refused", escalation };
    const ids = [escalation.reporterId, escalation.ownerId, escalation.acknowledgedBy, escalation.lastUpdateBy, escalation.resolvedBy, escalation.commanderId, ...events.map((e) => e.actor)];
    const names = request.names ? await request.names([...new Set(ids.filter((id): id is string => id !== null))]) : new Map<string, string>();
    const pkg = buildEscalationPackage(escalation, events, {
      policy: this.deps.policy,
      now: this.deps.clock.now(),
      threadUrl: request.threadUrl,
      personName: (id) => names.get(id),
    });
    return { kind: "exported", escalation, package: pkg };
  }
}
