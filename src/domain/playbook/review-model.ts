import type { Weekday } from "../business-calendar.js";

/**
 * The playbook's weekly escalation review (Fleet: "Weekly Escalation Review"; Generic: "Weekly
 * Review: analyze escalation patterns"): when it is posted and where. Absent when the playbook
 * describes none.
 */
export interface WeeklyReviewSpec {
  /** The day of the week it is posted. */
  day: Weekday;
  /** Local time of day ("09:00", 24-hour) in `zone`. */
  at: string;
  /** IANA zone of `day` and `at`; absent: the playbook's zone (documentation.zone, else its default calendar's). */
  zone?: string | undefined;
  /** The channel it is posted to, as the playbook names it. */
  channel: string;
}
