import type { BusinessCalendar } from "../domain/business-calendar.js";
import type { PolicyFile } from "./schema.js";

/** A validated playbook, ready for the domain functions: calendars compiled, references checked. */
export type Policy = Omit<PolicyFile, "calendars"> & {
  /** The file it came from, for messages. */
  source: string;
  calendars: Record<string, BusinessCalendar>;
  /** The calendars as written, so the playbook can be handed to another thread as plain data. */
  calendarSpecs: PolicyFile["calendars"];
};

export type { CategorySpec, FieldSpec, LevelSpec, RoleSpec, RuleSpec, SeveritySpec, TargetSpec, TierSpec } from "./schema.js";
