/**
 * Who is affected and how badly, read from what the agent wrote: the words the playbooks' severity
 * definitions are made of ("Production system down", "multiple customers unable to use app", "major
 * feature not working", "single enterprise customer unable to use app", "performance severely
 * degraded", "workaround available", "cosmetic", "questions"). Pure and general: a playbook's own
 * words for its customers and users (fleets, drivers) come from its `reading:` settings, and the
 * policy file says which scope and impact make which severity (severity `definitions`).
 *
 * Negation is the phrase matcher's: "no workaround", "not down" and "nothing was lost" do not count.
 */
import { findMention } from "./phrase-match.js";

/** Who is affected, widest first. */
export const SCOPES = ["everyone", "customers", "customer", "users", "few-users", "one-user"] as const;
export type Scope = (typeof SCOPES)[number];

/** How badly. */
export const IMPACTS = ["unusable", "major", "degraded", "slow", "wrong", "minor", "workaround", "cosmetic", "question", "resolved"] as const;
export type Impact = (typeof IMPACTS)[number];

/** A playbook's own words for its customers and its users, and where "a few users" ends. */
export interface ReadingSpec {
  /** A number field of the form that counts the customers affected (Fleet: customers_affected). */
  customersField?: string | undefined;
  /** More nouns for a customer (Fleet: fleet), singular. */
  customerWords: string[];
  /** More nouns for a customer's users (Fleet: driver, dispatcher, vehicle), singular. */
  userWords: string[];
  /** Up to this many users is "a few" (Sev 3's "affects small number of users"); more is "users". */
  fewUsers: number;
}

export const DEFAULT_READING: ReadingSpec = { customerWords: [], userWords: [], fewUsers: 5 };

export interface Reading {
  scope: Scope[];
  impact: Impact[];
  /** How many customers have the problem, when the text or the form says (at least this many). */
  customers?: number | undefined;
  /** The same, from the text alone. */
  textCustomers?: number | undefined;
  /** The words that said so, for the explanation: "impact unusable ('nothing loads')". */
  evidence: string[];
}

const IMPACT_PHRASES: Record<Impact, readonly string[]> = {
  unusable: [
    "cannot use", "can't use", "cant use", "unable to use", "unusable", "nothing loads", "nothing works", "nothing is loading",
    "won't load", "will not load", "doesn't load", "does not load", "won't open", "can't get in", "cannot get in",
    "can't get into", "cannot get into", "can't log in", "cannot log in", "can't login", "cannot login", "can't sign in",
    "cannot sign in", "unable to log in", "unable to login", "unable to sign in", "locked out", "on launch", "on startup",
    "is down", "are down", "completely down", "totally down", "down for", "can't start",
    "cannot start", "unable to start", "get past the spinner", "gets past the spinner", "stuck on the spinner",
  ],
  major: [
    "not working", "isn't working", "aren't working", "stopped working", "doesn't work", "does not work", "don't work",
    "fail", "failing", "failure", "broken", "crash", "stopped updating", "stopped syncing", "stopped sending",
    "not syncing", "aren't syncing", "isn't syncing", "won't sync", "not firing", "aren't firing", "isn't firing",
    "not sent", "can't be completed", "cannot be completed", "can't complete", "cannot complete", "time out", "times out",
    "timing out", "timed out", "does nothing", "blocked", "no workaround", "workaround: none", "business-critical",
    "business critical", "closes immediately", "closes immediatly",
  ],
  degraded: [
    "severely degraded", "severely slow", "painfully slow", "extremely slow", "very slow", "unusably slow", "crawling",
    "crawl", "takes forever", "40+ sec", "30+ sec", "30s+", "over a minute", "minutes to load",
  ],
  slow: ["slow", "slowly", "lag", "lags", "late", "delayed", "takes longer"],
  wrong: ["wrong", "incorrect", "inaccurate", "% under", "% over", "doesn't match", "does not match", "mismatch", "cuts off", "cut off after"],
  minor: ["minor", "small issue", "only a nuisance", "annoyance", "edge case", "one field", "splits"],
  workaround: [
    "workaround", "work around", "work-around", "can still", "still can", "still works", "still work", "still possible",
    "fixes it", "as a stopgap", "in the meantime", "meanwhile", "manually", "by hand", "from the web dashboard works",
    "eventually",
  ],
  cosmetic: ["cosmetic", "misaligned", "alignment", "overlap", "typo", "spelling", "misspelt", "misspelled", "wrong colour", "wrong color", "font", "pixel"],
  question: [
    "question", "how to", "how do", "how can", "wants to know", "want to know", "would like to know", "asks how", "asks whether",
    "asks if", "asking how", "asking whether", "just asking", "is it possible", "clarification", "whether",
  ],
  resolved: [
    "works now", "working now", "work now", "works normally", "working normally", "works again", "working again",
    "have worked since", "has worked since", "worked since", "back to normal", "is back", "are back", "resolved itself",
    "since fixed", "already fixed", "fixed now",
  ],
};

const NUMBER_WORDS: Record<string, number> = {
  one: 1, a: 1, an: 1, single: 1, two: 2, both: 2, couple: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
  nine: 9, ten: 10, eleven: 11, twelve: 12, dozen: 12, "a few": 3, few: 3, several: 3, multiple: 2, many: 5, some: 2,
  dozens: 24, hundreds: 200, "a couple of": 2, "a couple": 2,
};

const CUSTOMER_WORDS = ["customer", "client", "account", "company", "companies", "tenant", "organization", "organisation", "org", "workspace"];
const USER_WORDS = ["user", "person", "people", "employee", "member", "seat", "staff", "agent"];

const plural = (w: string) => (w.endsWith("s") || w === "people" || w === "staff" ? w : w.endsWith("y") ? `${w.slice(0, -1)}ies|${w}s` : `${w}s`);
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
/** A playbook's nouns, singular and plural, longest first, as one alternation. */
const nounGroup = (words: readonly string[]) =>
  `(?:${[...new Set(words.map((w) => w.trim().toLowerCase()).flatMap((w) => [w, ...plural(w).split("|")]))].sort((a, b) => b.length - a.length).map(escape).join("|")})`;
/** A word with its capitalised form ("One dispatcher" starts a sentence): the count patterns are case-sensitive for names. */
const eitherCase = (w: string) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`;
const COUNT = `(\\d[\\d,]*|${["a couple of", "a couple", "a few", "a dozen", "dozens of", ...Object.keys(NUMBER_WORDS).filter((k) => !k.includes(" "))].map(eitherCase).join("|")})`;

interface Patterns {
  customerCount: RegExp;
  userCount: RegExp;
  wholeCustomer: RegExp;
  everyone: RegExp;
  others: RegExp;
  plainCustomers: RegExp;
}

const patternCache = new WeakMap<ReadingSpec, Patterns>();

/**
 * After "everyone"/"anyone": at or in one customer ("everyone at Acme", "anyone on their team",
 * "everybody in the company"), which is one customer's users, not everyone. Not a time ("at once",
 * "at 9:00", "at the moment").
 */
const AT_ONE_CUSTOMER =
  "\\s+(?:at\\s+(?!(?:all|once|least|first|last|any|the\\s+(?:moment|same|time|start|end|latest))\\b|\\d)[\\p{L}&'’-]+|(?:in|on|from|within)\\s+(?:their|its|his|her|the\\s+(?:team|org|organi[sz]ation|company|workspace|customer))\\b)";

function patterns(spec: ReadingSpec): Patterns {
  let p = patternCache.get(spec);
  if (p) return p;
  const customers = nounGroup([...CUSTOMER_WORDS, ...spec.customerWords]);
  const users = nounGroup([...USER_WORDS, ...spec.userWords]);
  const domainUsers = spec.userWords.length > 0 ? nounGroup(spec.userWords) : "(?!)";
  p = {
    // "12 fleets", "two customers", "three different customers", "a dozen fleets"
    customerCount: new RegExp(`(?<![\\p{L}\\p{N}$])${COUNT}\\s+(?:(?:different|other|more|separate|enterprise|more enterprise)\\s+)?${customers}(?![\\p{L}])`, "giu"),
    // "10 drivers", "a couple of drivers", "4 of Dunder Mifflin's trucks", "one supervisor"
    userCount: new RegExp(`(?<![\\p{L}\\p{N}$])${COUNT}\\s+(?:(?:of\\s+)?(?:[\\p{Lu}][\\p{L}&.'’-]*\\s+){0,3}|of\\s+(?:their|its|his|her|our|the)\\s+|(?:more|other|different)\\s+)?(?:[\\p{L}-]+\\s+)?${users}(?![\\p{L}])`, "gu"),
    // one customer's whole user base: "all drivers", "all 30 of their dispatchers", "nobody in their org"
    wholeCustomer: new RegExp(
      `\\b(?:(?:everyone|everybody|anyone|anybody|every\\s+user|all\\s+users)${AT_ONE_CUSTOMER}|(?:all|every|any)\\s+(?:\\d+\\s+)?of\\s+(?:their|its|them)\\b|(?:all|every)\\s+(?:(?:their|its|the)\\s+)?${domainUsers}\\b|(?:whole|entire)\\s+(?:${customers}|team)\\b|(?:nobody|no one|none)\\s+(?:of\\s+their|in\\s+their)\\b|for\\s+all\\s+of\\s+them\\b|(?:other|the other)\\s+(?:${customers})\\s+(?:are|is|seem|look)\\s+(?:fine|ok|okay|unaffected|not affected|working))`,
      "iu",
    ),
    // everyone: "for anyone", "every fleet", "all customers", "all users", "nobody can"
    everyone: new RegExp(`(?<!\\bto\\s)\\b(?:(?:everyone|everybody|anyone|anybody)(?!${AT_ONE_CUSTOMER})|all\\s+(?:our\\s+)?${customers}|every\\s+${customers}|(?:all\\s+users|every\\s+user)(?!${AT_ONE_CUSTOMER})|all\\s+tenants|(?:nobody|no\\s+one)\\s+(?:can|could|is able|gets?|manages?))\\b`, "iu"),
    // "Customers report the same", "other fleets are affected": more than one, uncounted
    plainCustomers: new RegExp(`(?:(?:^|[.;:!?]\\s*|\\b(?:other|more|both)\\s+)${customers}\\s+(?:report|reported|are reporting|have reported|are affected|affected|impacted|are impacted|are seeing|see the same|have the same|hit the same)|\\bmore than one\\s+${customers}|\\b(?:affect|impact|hit)\\w*\\s+(?:the\\s+)?other\\s+${customers})\\b`, "iu"),
    // "Other customers are fine": this one customer only
    others: new RegExp(`\\b(?:other|the other)\\s+${customers}\\s+(?:are|is|seem|look)\\s+(?:fine|ok|okay|unaffected|not affected|working)`, "iu"),
  };
  patternCache.set(spec, p);
  return p;
}

const countOf = (word: string): number | undefined => {
  const w = word.toLowerCase().replace(/,/g, "").replace(/\s+of$/, "");
  if (/^\d+$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
};

/** "Acme, Globex and Initech all reported", "Acme and Globex both report", "Acme, Globex and 20 more". */
const NAMED_LIST = /((?:\p{Lu}[\p{L}&'’-]*(?:\s+\p{Lu}[\p{L}&'’-]*)?)(?:\s*,\s*\p{Lu}[\p{L}&'’-]*(?:\s+\p{Lu}[\p{L}&'’-]*)?)*)\s*,?\s+and\s+(\p{Lu}[\p{L}&'’-]*(?:\s+\p{Lu}[\p{L}&'’-]*)?|\d+\s+(?:more|others|other))(?=\s*(?:,|\s)\s*(?:both|all|each|too|also|have|has|had|report|reported|reporting|say|said|see|saw|called|complain|are|were|hit)\b|\s+(?:customers|fleets|chats|accounts)\b)/gu;

/** Who at a list of named customers: "nobody at Acme, Globex or Initech", "users at Acme and Globex". */
const PEOPLE_AT_LIST = /(?<![\p{L}])(?:[Nn]obody|[Nn]o one|[Ee]veryone|[Ee]verybody|[Aa]nyone|[Uu]sers|[Pp]eople|[Ee]mployees)\s+(?:at|in|from)\s+(\p{Lu}[\p{L}&'’-]*(?:\s*,\s*\p{Lu}[\p{L}&'’-]*)*\s*,?\s+(?:or|and)\s+\p{Lu}[\p{L}&'’-]*)/gu;

function namedCustomers(text: string): number | undefined {
  let best: number | undefined;
  for (const m of text.matchAll(PEOPLE_AT_LIST)) {
    const n = m[1]!.split(/\s*,\s*|\s+(?:or|and)\s+/).filter(Boolean).length;
    if (n >= 2 && (best === undefined || n > best)) best = n;
  }
  for (const m of text.matchAll(NAMED_LIST)) {
    const names = m[1]!.split(/\s*,\s*/).filter(Boolean).length;
    const last = m[2]!;
    const more = /^(\d+)\s/.exec(last);
    const n = names + (more ? Number(more[1]) : 1);
    if (n >= 2 && (best === undefined || n > best)) best = n;
  }
  return best;
}

/** A count or "all customers" right after one of these says the opposite ("not two customers", "not everyone"). */
const NEGATED_BEFORE = /\b(?:not|no|never|nor)\s+(?:even\s+|just\s+|only\s+)?$/i;

/** Scope and impact of the text (and the form's count of customers, when the playbook names that field). */
export function readScopeAndImpact(text: string, spec: ReadingSpec = DEFAULT_READING, fields?: Record<string, unknown>): Reading {
  const evidence: string[] = [];
  const impact: Impact[] = [];
  for (const kind of IMPACTS) {
    const m = findMention(text, IMPACT_PHRASES[kind]);
    if (m) {
      impact.push(kind);
      evidence.push(`${kind} ('${m.found}')`);
    }
  }
  // "None of their drivers can sign in", "nobody can use the app": unusable, said the other way round.
  const nobody = /\b(?:nobody|no one|none of (?:their|the|its|our) [\p{L}-]+)\s+(?:(?:at|in|from)\s+[\p{L}&'’-]+(?:\s*,\s*[\p{L}&'’-]+)*\s*,?\s+(?:or|and)\s+[\p{L}&'’-]+\s+)?(?:[\p{L}-]+\s+){0,3}?(?:can|could|is able to|are able to|manages? to|gets?|got)\s+(?:use|log ?in|sign ?in|get (?:in|into|past)|past|access|open|load|start|work)\b/iu.exec(text);
  if (nobody && !impact.includes("unusable")) {
    impact.unshift("unusable");
    evidence.unshift(`unusable ('${nobody[0]}')`);
  }
  // "No workaround" says the opposite of a workaround: it makes the problem major.
  if (!impact.includes("major") && /\bno\s+(?:known\s+)?work-?\s?arounds?\b|\bwork-?\s?arounds?:\s*none\b/i.test(text)) impact.push("major");

  const p = patterns(spec);
  const scope = new Set<Scope>();
  let customers: number | undefined;
  const counted = (n: number | undefined, why: string) => {
    if (n === undefined) return;
    if (customers === undefined || n > customers) customers = n;
    evidence.push(`${n} customer${n === 1 ? "" : "s"} ('${why}')`);
  };
  for (const m of text.matchAll(p.customerCount)) {
    if (NEGATED_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) continue; // "not two customers"
    const n = countOf(m[1]!);
    if (n !== undefined && /\bother\b/i.test(m[0]) && !/\bmore\b/i.test(m[0])) counted(n + 1, m[0]);
    else counted(n, m[0]);
  }
  const named = namedCustomers(text);
  if (named !== undefined) counted(named, "named customers");
  const c = patterns(spec).plainCustomers;
  if (c.test(text) && (customers === undefined || customers < 2)) counted(2, "customers report");
  const textCustomers = customers;
  const field = spec.customersField !== undefined ? fields?.[spec.customersField] : undefined;
  if (typeof field === "number" && field > 0) counted(field, `form: ${spec.customersField} = ${field}`);

  const single = p.others.test(text);
  const everyone = p.everyone.exec(text);
  // "Not all customers are affected", "not everyone": the opposite.
  const negated = everyone !== null && NEGATED_BEFORE.test(text.slice(Math.max(0, everyone.index - 20), everyone.index));
  if (everyone && !single && !negated) {
    scope.add("everyone");
    evidence.push(`everyone ('${everyone[0]}')`);
  }
  if (customers !== undefined && customers >= 2) scope.add("customers");
  const whole = p.wholeCustomer.exec(text);
  if (whole || single) {
    scope.add("customer");
    evidence.push(`one customer's users ('${(whole ?? p.others.exec(text))![0]}')`);
  }
  for (const m of text.matchAll(p.userCount)) {
    const n = countOf(m[1]!);
    if (n === undefined) continue;
    const s: Scope = n <= 1 ? "one-user" : n <= spec.fewUsers ? "few-users" : "users";
    scope.add(s);
    evidence.push(`${s} ('${m[0]}')`);
  }
  return { scope: SCOPES.filter((s) => scope.has(s)), impact, customers, textCustomers, evidence };
}

/** A condition on the reading: every list given must meet (any of its items); the `unless` lists must not. */
export interface ReadingCondition {
  scope?: Scope[] | undefined;
  impact?: Impact[] | undefined;
  unlessScope?: Scope[] | undefined;
  unlessImpact?: Impact[] | undefined;
  /** At least this many customers affected (text or form). */
  customersAtLeast?: number | undefined;
  /** At least this many customers affected, said in the text. */
  textCustomersAtLeast?: number | undefined;
}

export function readingMeets(r: Reading, c: ReadingCondition): boolean {
  if (c.scope && !c.scope.some((s) => r.scope.includes(s))) return false;
  if (c.impact && !c.impact.some((i) => r.impact.includes(i))) return false;
  if (c.unlessScope && c.unlessScope.some((s) => r.scope.includes(s))) return false;
  if (c.unlessImpact && c.unlessImpact.some((i) => r.impact.includes(i))) return false;
  if (c.customersAtLeast !== undefined && !((r.customers ?? 0) >= c.customersAtLeast)) return false;
  if (c.textCustomersAtLeast !== undefined && !((r.textCustomers ?? 0) >= c.textCustomersAtLeast)) return false;
  return true;
}

/** True when the condition says anything about the reading. */
export const hasReadingCondition = (c: ReadingCondition): boolean =>
  c.scope !== undefined || c.impact !== undefined || c.unlessScope !== undefined || c.unlessImpact !== undefined || c.customersAtLeast !== undefined || c.textCustomersAtLeast !== undefined;
