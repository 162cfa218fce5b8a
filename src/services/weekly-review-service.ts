import type { Db } from "../db/connection.js";
import { OutboxRepo } from "../db/outbox-repo.js";
import { ReviewRepo } from "../db/review-repo.js";
import { exportZone } from "../domain/escalation-export.js";
import { channelQueue, outboxKey, type OutboxIntent } from "../domain/outbox-intent.js";
import type { Policy, WeeklyReviewSpec } from "../domain/playbook/model.js";
import { describeSchedule, latestReviewAt, reviewPeriod, reviewsBetween } from "../domain/review-schedule.js";
import { buildWeeklyReview } from "../domain/weekly-review.js";
import { ReportService } from "./report-service.js";

const REVIEW = "weekly";
/**
 * A review posted this long after its time by a process that was not running the scheduler then
 * says it is late. Shorter waits (a replica taking over the lease, a slow tick) are not "late".
 */
export const LATE_AFTER_MS = 10 * 60_000;

export type ReviewOutcome =
  | { kind: "posted"; periodStart: number; scheduledAt: number; late: boolean; skipped: number }
  /** First sight of the review: the week under way is where it starts (nothing posted). */
  | { kind: "baseline"; periodStart: number; scheduledAt: number };

/** The playbook's zone for its review: the review's own, else the playbook's (the export's). */
export function reviewZone(policy: Policy, spec: WeeklyReviewSpec): string {
  return spec.zone ?? exportZone(policy);
}

/**
 * The weekly escalation review, posted by the scheduler's leaseholder: once per week, however many
 * processes and restarts there are, because the week's row in review_posts and the post's outbox
 * row are written in one transaction (and the row's key is unique).
 *
 * After downtime only the latest week is posted, late, saying so and how many earlier weeks were
 * not posted (their figures are one `escalation-bot report` away); several missed weeks never
 * flood the channel. The first time the bot sees the review it posts nothing: the week under way
 * is recorded as its starting point, so a new install never opens with a "late" review.
 */
export class WeeklyReviewService {
  private readonly reports: ReportService;

  constructor(private readonly deps: { db: Db; policy: Policy }) {
    this.reports = new ReportService(deps);
  }

  /**
   * Posts the review due at `now` unless its week was already handled. `runningSince`: since when
   * this process has run the scheduler without a break (it was there at the review's time, or not).
   */
  async postDue(now: number, runningSince: number): Promise<ReviewOutcome | undefined> {
    const { db, policy } = this.deps;
    const spec = policy.weeklyReview;
    if (!spec) return undefined;
    const zone = reviewZone(policy, spec);
    const scheduledAt = latestReviewAt(spec, zone, now);
    const period = reviewPeriod(spec, zone, scheduledAt);
    const { done, last } = await db.read(async (tx) => {
      const reviews = new ReviewRepo(tx);
      return { done: await reviews.find(REVIEW, period.since), last: await reviews.latest(REVIEW) };
    });
    // Done, or a later week is (the clock was moved back, as the sandbox's "Real time" does): nothing to post.
    if (done || (last && last.periodStart > period.since)) return undefined;
    const row = { review: REVIEW, periodStart: period.since, scheduledAt, recordedAt: now };
    if (!last) {
      const recorded = await db.transaction((tx) => new ReviewRepo(tx).record({ ...row, outcome: "baseline" }));
      return recorded ? { kind: "baseline", periodStart: period.since, scheduledAt } : undefined;
    }

    const late = runningSince > scheduledAt && now - scheduledAt > LATE_AFTER_MS;
    const skipped = Math.max(0, reviewsBetween(spec, zone, last.scheduledAt, scheduledAt) - 1);
    const previousPeriod = reviewPeriod(spec, zone, period.since);
    const [current, previous] = [await this.reports.histories(period), await this.reports.histories(previousPeriod)];
    const review = buildWeeklyReview({
      current: { period, histories: current },
      previous: { period: previousPeriod, histories: previous },
      calendarOf: this.reports.calendarOf,
      late: late ? { scheduledAt } : null,
      skipped,
    });
    const intent: OutboxIntent = { kind: "weekly_review", channel: spec.channel, review, zone, schedule: describeSchedule(spec) };
    const posted = await db.transaction(async (tx) => {
      if (!(await new ReviewRepo(tx).record({ ...row, outcome: "posted" }))) return false;
      // After every escalation's messages when Slack's limits force a choice: it is a summary.
      await new OutboxRepo(tx).enqueue(null, intent, outboxKey.review(REVIEW, period.since), now, { queue: channelQueue(spec.channel), priority: policy.severities.length });
      return true;
    });
    return posted ? { kind: "posted", periodStart: period.since, scheduledAt, late, skipped } : undefined;
  }
}
