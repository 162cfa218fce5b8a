import type { Db } from "../db/connection.js";
import { HomeRepo } from "../db/home-repo.js";
import type { EscalationRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import { AT_RISK_WITHIN_MS, RECENTLY_RESOLVED_MS, type HomeSnapshot } from "../domain/home.js";
import type { Policy } from "../domain/playbook/model.js";

export interface HomeServiceDeps {
  db: Db;
  clock: Clock;
  policy: Policy;
  /** Called after a publish was written, so the deliverer sends it now. */
  onOutboxWritten?: () => void;
}

/**
 * A person's App Home: published when they open it or press Refresh (at once, through the outbox
 * like every message, so one person's publishes never overtake each other), and read for a publish.
 * Publishes after changes are scheduled by the changes themselves (home-changes.ts).
 */
export class HomeService {
  constructor(private readonly deps: HomeServiceDeps) {}

  /** The person opened their Home, or asked for it again: it is published now, with what is true now. */
  async opened(userId: string): Promise<void> {
    const now = this.deps.clock.now();
    // After every escalation's messages when Slack's limits force a choice.
    await this.deps.db.transaction((tx) => new HomeRepo(tx).schedulePublish(userId, now, now, this.deps.policy.severities.length));
    this.deps.onOutboxWritten?.();
  }

  /** What `viewer`'s Home is made of, now. */
  async snapshot(viewer: string): Promise<{ now: number; snapshot: HomeSnapshot<EscalationRow> }> {
    const now = this.deps.clock.now();
    return { now, snapshot: await this.deps.db.read((tx) => new HomeRepo(tx).snapshot(viewer, now, AT_RISK_WITHIN_MS, RECENTLY_RESOLVED_MS)) };
  }
}
