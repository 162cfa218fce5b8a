import type { EscalationInput } from "./escalation.js";

export interface Route {
  category: string;
  level: string;
  channel: string;
  reason: string;
}

/**
 * Phrases that mean someone may have seen or taken data they should not have. Matched on word
 * boundaries so "breach" does not fire inside "breaches-free" style compounds of other words.
 */
const SECURITY_PHRASES = [
  "breach",
  "breached",
  "data breach",
  "unauthorized access",
  "unauthorised access",
  "another user's data",
  "another users data",
  "other customer's data",
  "account compromised",
  "compromised",
  "hacked",
  "phishing",
  "malware",
  "vulnerability",
  "leaked",
];

const SECURITY_ROUTE = { category: "security", level: "tier3", channel: "#security-alerts" } as const;
const DEFAULT_ROUTE = { category: "general", level: "tier2", channel: "#fleet-support-tier2" } as const;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const SECURITY_MATCHERS = SECURITY_PHRASES.map((phrase) => ({
  phrase,
  // Apostrophes vary between ' and ’ in pasted text.
  re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(phrase).replace(/'/g, "['’]")}(?![\\p{L}\\p{N}])`, "iu"),
}));

/** The first, fixed rule set: security-looking text goes to the security channel, the rest to Tier 2. */
export function routeByFirstRules(input: Pick<EscalationInput, "summary" | "impact" | "errorMessages">): Route {
  const text = [input.summary, input.impact, input.errorMessages].filter(Boolean).join("\n");
  const hit = SECURITY_MATCHERS.find((m) => m.re.test(text));
  if (hit) return { ...SECURITY_ROUTE, reason: `matched '${hit.phrase}' → security` };
  return { ...DEFAULT_ROUTE, reason: "no special rule matched → Tier 2" };
}
