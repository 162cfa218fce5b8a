import type { EscalationRepo } from "../db/escalation-repo.js";
import type { HomeRepo } from "../db/home-repo.js";
import type { EscalationRow } from "../db/schema.js";
import type { Policy } from "../domain/playbook/model.js";

/**
 * How long a change waits before the App Homes it concerns are published again. Changes in that
 * time (a click, then its thread reply, a reassignment, three clocks firing in one tick) publish
 * once, with the state at send time.
 */
export const HOME_DEBOUNCE_MS = 3_000;

/**
 * The App Homes a transaction's changes concern, published again through the outbox.
 *
 * Why the outbox, and not a publisher in memory fed by what services return: the publish is then
 * written in the same transaction as the change (a crash, a restart or a Slack outage delays it and
 * never loses it; several replicas never publish the same row twice), the scheduler's own changes
 * count like people's, services still never call Slack, and the coalescing lives in one query
 * (HomeRepo.schedulePublish: one waiting row per person, rendered at send time, so several quick
 * changes publish once, HOME_DEBOUNCE_MS after the first).
 *
 * Who: the person who acted, and whoever owned or acknowledged the escalation before or after the
 * change, when they have opened their Home: their "Mine" list is what a change moves. Counts and
 * "At risk" move with every change to every escalation; publishing everyone's Home on each would
 * spend Slack's views.publish budget on people not looking, so those refresh when the person opens
 * the tab (Slack sends app_home_opened each time) or presses Refresh.
 */
export class HomeChanges {
  private readonly people = new Map<number, Set<string>>();
  private at: number | undefined;

  constructor(
    private readonly repo: HomeRepo,
    private readonly policy: Policy,
  ) {}

  /** A change to `esc` (as it was read) by `actor` at `now`. */
  noted(esc: EscalationRow, actor: string | null, now: number): void {
    const people = this.people.get(esc.id) ?? new Set<string>();
    for (const p of [actor, esc.ownerId, esc.acknowledgedBy]) if (p) people.add(p);
    this.people.set(esc.id, people);
    this.at = now;
  }

  /** Before the transaction commits: a publish for each person concerned who has opened their Home. */
  async schedule(escalations: EscalationRepo): Promise<void> {
    if (this.at === undefined) return;
    const everyone = new Set<string>();
    for (const [id, people] of this.people) {
      // As it is now: a new owner's Home changes too.
      const now = await escalations.findById(id);
      for (const p of [...people, now?.ownerId, now?.acknowledgedBy]) if (p) everyone.add(p);
    }
    for (const userId of await this.repo.openedBy([...everyone])) {
      await this.repo.schedulePublish(userId, this.at + HOME_DEBOUNCE_MS, this.at, this.policy.severities.length);
    }
    this.people.clear();
    this.at = undefined;
  }
}
