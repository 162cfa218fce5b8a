import { expect } from "vitest";
import type { ClassifyInput } from "../../src/domain/classify.js";
import type { Decision } from "../../src/domain/decide.js";
import { loadPolicyFile } from "../../src/policy/loader.js";

/** A playbook shipped in policies/, loaded the way the bot loads it. */
export const shippedPolicy = (fileName: string) =>
  loadPolicyFile(new URL(`../../policies/${fileName}`, import.meta.url).pathname);

export const at = (iso: string) => Date.parse(iso);
export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What a playbook test expects of decide(); an absent optional field is not asserted (unless defaulted). */
export interface PlaybookExpectation {
  severity: string;
  category: string;
  /** The other categories that apply besides the primary one, in the playbook's order. */
  alsoCategories?: string[];
  level: string;
  channels: string[];
  notify: string[];
  cc?: string[];
  flags?: string[];
  restricted?: boolean;
  alsoLevels?: string[];
  rules?: string[];
  clock?: string;
  /** Instants may carry any UTC offset: they are compared as instants, in ISO form. */
  firstResponse: string;
  nextUpdate: string;
  resolution: string;
  levelBudget?: string | null;
}

/** `Required` names optional fields every case of a file must give (e.g. `PlaybookCase<"clock">`). */
export interface PlaybookCase<Required extends keyof PlaybookExpectation = never> {
  name: string;
  input: ClassifyInput;
  openedAt: string;
  expect: PlaybookExpectation & { [K in Required]-?: Exclude<PlaybookExpectation[K], undefined> };
}

/** A file's fallbacks for the optional fields its cases leave out (e.g. `{ cc: [], clock: "24x7" }`). */
export type PlaybookDefaults = Partial<Omit<PlaybookExpectation, "firstResponse" | "nextUpdate" | "resolution">>;

const instant = (value: string | null) => (value === null ? null : iso(at(value)));

/** Asserts every field `expected` (or, where it leaves one out, `defaults`) gives. */
export function expectDecision(d: Decision, expected: PlaybookExpectation, defaults: PlaybookDefaults = {}): void {
  const e = {
    ...expected,
    cc: expected.cc ?? defaults.cc,
    flags: expected.flags ?? defaults.flags,
    restricted: expected.restricted ?? defaults.restricted,
    alsoLevels: expected.alsoLevels ?? defaults.alsoLevels,
    rules: expected.rules ?? defaults.rules,
    clock: expected.clock ?? defaults.clock,
    levelBudget: expected.levelBudget !== undefined ? expected.levelBudget : defaults.levelBudget,
  };
  expect(d.classification.severity).toBe(e.severity);
  expect(d.classification.category).toBe(e.category);
  if (e.alsoCategories !== undefined) expect(d.classification.alsoCategories).toEqual(e.alsoCategories);
  if (e.rules !== undefined) expect(d.classification.rules).toEqual(e.rules);
  expect(d.route.level).toBe(e.level);
  expect(d.route.channels).toEqual(e.channels);
  expect(d.route.notify).toEqual(e.notify);
  if (e.cc !== undefined) expect(d.route.cc).toEqual(e.cc);
  if (e.flags !== undefined) expect(d.route.flags).toEqual(e.flags);
  if (e.restricted !== undefined) expect(d.route.restricted).toEqual(e.restricted);
  if (e.alsoLevels !== undefined) expect(d.route.alsoLevels).toEqual(e.alsoLevels);
  if (e.clock !== undefined) expect(d.deadlines.clock).toBe(e.clock);
  expect(iso(d.deadlines.firstResponse)).toBe(instant(e.firstResponse));
  expect(iso(d.deadlines.nextUpdate)).toBe(instant(e.nextUpdate));
  expect(iso(d.deadlines.resolution)).toBe(instant(e.resolution));
  if (e.levelBudget !== undefined) expect(iso(d.deadlines.levelBudget)).toBe(instant(e.levelBudget));
}
