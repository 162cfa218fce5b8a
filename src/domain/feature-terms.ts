/**
 * The words of a feature request that say which feature it is: lower-cased, stop words and request
 * boilerplate out ("customer would like to be able to…"), light stemming so "exports", "exported"
 * and "exporting" are one word, and a few synonyms that name the same thing. Pure and explainable:
 * each term keeps the word the request used, so a message can say what matched.
 */

/** One significant word: its stem (compared) and how to show it. */
export interface Term {
  stem: string;
  /** The word as written (its acronym case kept: CSV, PDF), or the synonym's common name. */
  shown: string;
  /**
   * A feature's own name (SSO, dark mode, two-factor authentication): one such term says which
   * feature it is; any other word needs a second one beside it.
   */
  named: boolean;
}

/** Function words, and what every feature request says whatever it asks for. */
const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be been being below but by can cannot could did do does doing
  don down during each few for from further had has have having he her here hers him his how i if in into is it its itself
  just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than
  that the their theirs them then there these they this those through to too under until up very was we were what when
  where which while who whom why will with would you your yours us let lets get got via per etc eg ie one two
  customer customers client clients user users team teams company account accounts request requests requested requesting
  ask asks asked asking feature features functionality capability ability able option options possible possibility
  want wants wanted wanting need needs needed like likes love loves would wish wishes please pls add added adding
  support supports supported allow allows allowing enable enabled make way ways thing things something new better
  great nice good really much many lot lots also still already currently today now soon way use using used
  see seen look looking help idea suggestion suggest suggests suggested enhancement improvement improve
  plan plans roadmap someday sometime`.split(/\s+/).filter(Boolean),
);

/**
 * Words (after stemming) that name the same thing in feature requests, to one shown name. Kept
 * short and each justified: a synonym that is wrong joins requests for different features.
 * - download / export: both take data out of the product as a file ("download trips as CSV").
 * - batch / mass / bulk: many items in one action.
 * - xlsx / excel: the same file format.
 * - alert / notification: a message the product sends when something happens.
 */
const WORD_SYNONYMS: Record<string, string> = {
  download: "export",
  batch: "bulk",
  mass: "bulk",
  xlsx: "excel",
  alert: "notification",
  notif: "notification",
  notify: "notification",
};

/**
 * Several words that are one feature's name, and the spellings of one name. Matched on the lowered
 * text before it is split, so "single sign-on" is one term and not "single", "sign".
 */
const NAMED_FEATURES: readonly [RegExp, string][] = [
  [/\b(?:single[\s-]+sign[\s-]*on|sso|saml)\b/g, "SSO"],
  [/\b(?:two[\s-]*factor(?:\s+auth(?:entication)?)?|2fa|multi[\s-]*factor(?:\s+auth(?:entication)?)?|mfa)\b/g, "two-factor authentication"],
  [/\b(?:dark[\s-]+(?:mode|theme)|night[\s-]+mode)\b/g, "dark mode"],
];

/** "Exports", "exported", "exporting" → "export"; "schedules", "scheduled", "scheduling" → "schedul". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  // "scheduling" lost its e with the -ing; "exporting" → "export" keeps what it had.
  if (w.length >= 4 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|ff|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

const ACRONYM = /^[A-Z0-9]{2,6}$/;

/** The significant terms of a request's text, in the order written, each once. `ignore`: the playbook's own product words. */
export function significantTerms(text: string, ignore: readonly string[] = []): Term[] {
  const ignored = new Set(ignore.flatMap((w) => w.toLowerCase().split(/\s+/)).map(stem));
  const folded = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const named: { at: number; term: Term }[] = [];
  let rest = folded.toLowerCase();
  for (const [pattern, name] of NAMED_FEATURES) {
    rest = rest.replace(pattern, (match, at: number) => {
      named.push({ at, term: { stem: `#${name}`, shown: name, named: true } });
      return " ".repeat(match.length);
    });
  }
  const words: { at: number; term: Term }[] = [];
  for (const m of rest.matchAll(/[a-z0-9]+(?:'[a-z]+)?/g)) {
    const raw = m[0].replace(/'[a-z]+$/, "");
    if (raw.length < 2 || STOP_WORDS.has(raw) || /^\d+$/.test(raw)) continue;
    const base = stem(raw);
    if (STOP_WORDS.has(base) || ignored.has(base)) continue;
    const synonym = WORD_SYNONYMS[base];
    const written = folded.slice(m.index, m.index + raw.length);
    words.push({ at: m.index, term: { stem: synonym ?? base, shown: synonym ?? (ACRONYM.test(written) ? written : raw), named: false } });
  }
  const seen = new Set<string>();
  return [...named, ...words]
    .sort((a, b) => a.at - b.at)
    .map((x) => x.term)
    .filter((t) => !seen.has(t.stem) && seen.add(t.stem));
}

/**
 * The matched terms as a person reads them: terms next to each other in the request become one
 * phrase ("bulk export"), in the order the request wrote them.
 */
export function describeMatch(requestTerms: readonly Term[], matched: ReadonlySet<string>): string[] {
  const phrases: string[] = [];
  let run: string[] = [];
  for (const t of requestTerms) {
    if (matched.has(t.stem)) run.push(t.shown);
    else if (run.length > 0) {
      phrases.push(run.join(" "));
      run = [];
    }
  }
  if (run.length > 0) phrases.push(run.join(" "));
  return phrases;
}
