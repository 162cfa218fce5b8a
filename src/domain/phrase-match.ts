/**
 * Phrase matching for classification: the way a support lead reads a ticket, not a substring search.
 * - Case-insensitive, on word boundaries ("breach" does not match "Breachwood"), any run of spaces
 *   between words, straight and curly apostrophes alike.
 * - Simple inflections of each word: "invoice" matches "invoices", "load slowly" matches "loads
 *   slowly", "crash" matches "crashed" and "crashing", "charge" matches "charging".
 * - Negation on both sides, within the clause: "not an outage", "no data loss", "a breach has been
 *   ruled out", "Data loss: none". A comma, "but" or a full stop ends a negation's reach.
 * - False friends: a mention that lies inside one of the `unless` phrases does not count
 *   ("breach" inside "we are about to breach the SLA").
 */

/** Words that, shortly before a phrase in the same clause, mean the text says the thing is absent. */
const NEGATIONS = new Set([
  "not", "no", "never", "without", "isn't", "isnt", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't",
  "nor", "non", "ruled", "haven't", "hasn't", "hadn't", "neither", "won't", "wont",
]);
/** How many words back a negation still applies, not counting little words ("no sign of a breach"). */
const NEGATION_WINDOW = 3;
/** Little words the window skips: "no evidence of a breach" is as negated as "no breach". */
const FILLERS = new Set(["a", "an", "the", "any", "of", "for", "that", "this", "there", "is", "was", "are", "were", "be", "been", "has", "have", "had"]);
/**
 * Doubt between a negation and the phrase undoes it: "not sure if this is a breach" and "we don't
 * know whether data was lost" still raise the alarm.
 */
const DOUBTS = new Set(["sure", "know", "knows", "whether", "if", "clear", "certain", "confirm", "confirmed", "exclude", "unclear", "yet"]);
/** Said shortly after a phrase, these take the mention back: "a breach has been ruled out". */
const AFTERWARD_NEGATIONS = [
  "ruled out", "not confirmed", "unconfirmed", "not suspected", "not involved", "not the cause", "not the issue",
  "not the problem", "not the case", "not affected", "excluded", "unlikely", "not found",
];
/** Said before an afterward negation, these cancel it: "a breach is *not* ruled out", "*cannot* be excluded". */
const DOUBLE_NEGATIONS = new Set(["not", "cannot", "can't", "cant", "isn't", "hasn't", "wasn't", "never", "couldn't", "won't"]);
/** How many words after the phrase an afterward negation may start ("breach has been ruled out": two). */
const AFTERWARD_WINDOW = 3;
/** A clause that is only one of these answers the phrase before it: "Data loss: none", "Outage? No". */
const ANSWERS = new Set(["no", "none", "not", "nope", "n/a", "no one", "nothing"]);
/** Where a negation's reach ends: a sentence, a clause, or a contrast ("No crash, but the app is down"). */
const CLAUSE_BREAK = /[.!?;,:\n()]|\s(?:but|however|although|though|yet|except|and now)\s/giu;

const cache = new Map<string, RegExp>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One word of a phrase with its simple inflections: plural, third person, past, -ing. */
function inflected(word: string): string {
  const escaped = escapeRegExp(word).replace(/['’]/g, "['’]");
  // Only plain words of three letters or more: "2FA", "sue's", "on" stay exact.
  if (!/^\p{L}{3,}$/u.test(word)) return escaped;
  const forms = ["s", "es", "d", "ed", "ing"];
  const last = word.at(-1)!;
  if (/[bdfgklmnprtvz]/.test(last)) forms.push(`${last}ed`, `${last}ing`); // cancelled, stopped, logging
  const stems = [`${escaped}(?:${forms.join("|")})?`];
  if (last === "e") stems.push(`${escapeRegExp(word.slice(0, -1))}ing`); // charge → charging
  if (last === "y" && !/[aeiou]y$/.test(word)) stems.push(`${escapeRegExp(word.slice(0, -1))}(?:ies|ied)`); // query → queries
  return stems.length === 1 ? stems[0]! : `(?:${stems.join("|")})`;
}

function phraseSource(key: string): string {
  const body = key.split(/\s+/).map(inflected).join("\\s+");
  // Only require a boundary where the phrase itself starts/ends with a word character, so
  // phrases like "$" or "🔴" still match.
  const start = /^[\p{L}\p{N}]/u.test(key) ? "(?<![\\p{L}\\p{N}])" : "";
  const end = /[\p{L}\p{N}]$/u.test(key) ? "(?![\\p{L}\\p{N}])" : "";
  return `${start}${body}${end}`;
}

function phraseRegExp(phrase: string): RegExp {
  const key = phrase.trim().toLowerCase();
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(phraseSource(key), "giu");
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * What every match of a phrase contains, lowercased: each word up to where its inflections start
 * ("charge" → "charg", "query" → "quer"). A text that lacks one of them cannot mention the phrase,
 * and most phrases of a playbook are not in a given text: looking for these few letters first spares
 * running the phrase's pattern (decide runs hundreds of phrases over one text).
 */
function requiredParts(key: string): string[] {
  let parts = partsCache.get(key);
  if (!parts) {
    parts = key.split(/\s+/).map((word) => {
      const plain = word.replace(/’/g, "'").split("'")[0]!; // either apostrophe matches: the part before it
      if (!/^\p{L}{3,}$/u.test(word)) return plain;
      const last = word.at(-1)!;
      return last === "e" || (last === "y" && !/[aeiou]y$/.test(word)) ? word.slice(0, -1) : word;
    });
    partsCache.set(key, parts);
  }
  return parts;
}
const partsCache = new Map<string, string[]>();

/** The text being read, lowercased once for requiredParts (decide reads one text many times). */
let lastText = "";
let lastLower = "";
function lowered(text: string): string {
  if (text !== lastText) [lastText, lastLower] = [text, text.toLowerCase().replace(/’/g, "'")];
  return lastLower;
}

// Keyed by the list itself: a playbook's lists live as long as the playbook (a WeakMap lets others go).
const listParts = new WeakMap<readonly string[], readonly (readonly string[])[]>();

/** requiredParts of each phrase of a list, worked out once per list. */
function partsOf(phrases: readonly string[]): readonly (readonly string[])[] {
  let parts = listParts.get(phrases);
  if (!parts) {
    parts = phrases.map((p) => requiredParts(p.trim().toLowerCase()));
    listParts.set(phrases, parts);
  }
  return parts;
}

/** The phrases of the list the text may mention (see requiredParts), in the list's order. */
function mayMention(lower: string, phrases: readonly string[]): string[] {
  const parts = partsOf(phrases);
  const out: string[] = [];
  outer: for (let i = 0; i < phrases.length; i++) {
    for (const part of parts[i]!) if (!lower.includes(part)) continue outer;
    out.push(phrases[i]!);
  }
  return out;
}

const words = (s: string): string[] => s.toLowerCase().replace(/’/g, "'").split(/[^\p{L}\p{N}']+/u).filter(Boolean);

/** The part of `before` in the same clause as what follows it. */
function clauseBefore(before: string): string {
  let cut = 0;
  for (const m of before.matchAll(CLAUSE_BREAK)) cut = m.index + m[0].length;
  return before.slice(cut);
}

/** The part of `after` in the same clause as what precedes it. */
function clauseAfter(after: string): string {
  CLAUSE_BREAK.lastIndex = 0;
  const m = CLAUSE_BREAK.exec(after);
  // "Data loss: none" and "Outage? No." put the negation right after the break: look one clause on.
  return m ? after.slice(0, m.index) + (/^[:?]/.test(m[0]) ? ` ${after.slice(m.index + 1).split(CLAUSE_BREAK)[0]}` : "") : after;
}

/** A negation right after one of these is the condition's, not the phrase's: "if this isn't fixed today they'll cancel". */
const CONDITIONS = new Set(["if", "unless"]);
/** How many words before a negation a condition still owns it ("if the sync isn't"). */
const CONDITION_WINDOW = 3;

function negatedBefore(before: string[]): boolean {
  let counted = 0;
  for (let i = before.length - 1; i >= 0 && counted < NEGATION_WINDOW; i--) {
    const w = before[i]!;
    if (DOUBTS.has(w)) return false;
    if (NEGATIONS.has(w)) {
      // "If this isn't fixed today they'll cancel": with a word of its own between it and the phrase, a
      // negation inside an if-clause says what the condition is, not that the phrase is absent ("if it's
      // not an outage" still negates "outage").
      const conditional = counted > 0 && before.slice(Math.max(0, i - CONDITION_WINDOW), i).some((x) => CONDITIONS.has(x));
      return !conditional;
    }
    if (!FILLERS.has(w)) counted++;
  }
  return false;
}

function negatedAfter(after: string[]): boolean {
  if (after.length > 0 && ANSWERS.has(after.join(" "))) return true;
  for (let i = 0; i < Math.min(AFTERWARD_WINDOW, after.length); i++) {
    const rest = after.slice(i).join(" ");
    if (!AFTERWARD_NEGATIONS.some((n) => rest === n || rest.startsWith(`${n} `))) continue;
    // "A breach is not ruled out" / "cannot be excluded": the negations cancel out.
    return !after.slice(0, i).some((w) => DOUBLE_NEGATIONS.has(w));
  }
  return false;
}

function isNegated(text: string, start: number, end: number): boolean {
  if (negatedBefore(words(clauseBefore(text.slice(Math.max(0, start - 120), start))))) return true;
  return negatedAfter(words(clauseAfter(text.slice(end, end + 120))));
}

export interface Mention {
  phrase: string;
  /** Where in the text it was found. */
  index: number;
  /** The words as the agent wrote them. */
  found: string;
}

function spans(text: string, phrases: readonly string[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const p of mayMention(lowered(text), phrases)) {
    const re = phraseRegExp(p);
    for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * The first phrase of the list (in the list's order) that the text mentions without negating it
 * and outside every `unless` phrase; undefined when there is none.
 */
export function findMention(text: string, phrases: readonly string[], unless: readonly string[] = []): Mention | undefined {
  const candidates = mayMention(lowered(text), phrases);
  if (candidates.length === 0) return undefined;
  const falseFriends = unless.length > 0 ? spans(text, unless) : [];
  for (const phrase of candidates) {
    const re = phraseRegExp(phrase);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (falseFriends.some((f) => start < f.end && end > f.start)) continue;
      if (isNegated(text, start, end)) continue;
      return { phrase, index: start, found: m[0] };
    }
  }
  return undefined;
}

/** True when the text mentions the phrase at least once without negating it. */
export function mentions(text: string, phrase: string, unless: readonly string[] = []): boolean {
  return findMention(text, [phrase], unless) !== undefined;
}
