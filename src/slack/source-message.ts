import { truncate } from "../domain/text.js";

/**
 * The Slack message an escalation is opened from ("Escalate this message"): its text as a person
 * reads it, what of it fills the form, and the permalink that leads back to it.
 *
 * A message's text is Slack's markup: mentions, channel links and links in angle brackets, and
 * `&`, `<` and `>` that were typed as `&amp;`, `&lt;` and `&gt;`. The form's fields are plain text,
 * shown literally, so the markup is turned back into what the reader saw (`<@U1|dana>` → `@dana`,
 * `<!channel>` → `@channel`, `&lt;` → `<`). Once submitted, the text is the reporter's, escaped on
 * the post like everything typed: a message that pinged `@channel` does not ping again.
 */

/** A summary is a line: the first sentence, or the first line when that is too short to say much. */
const SUMMARY_MAX = 300;
const MIN_SENTENCE = 10;

/** `<…>` markup of a message's text; `&lt;`, `&gt;` and `&amp;` are what was typed. */
const MARKUP = /<([^<>]*)>/g;

function readable(inside: string): string {
  const bar = inside.indexOf("|");
  const target = bar < 0 ? inside : inside.slice(0, bar);
  const label = bar < 0 ? undefined : inside.slice(bar + 1);
  if (target.startsWith("@")) return label ? `@${label.replace(/^@/, "")}` : target;
  if (target.startsWith("#")) return label ? `#${label.replace(/^#/, "")}` : target;
  if (target.startsWith("!")) {
    // <!channel>, <!here>, <!subteam^S1|@support>, <!date^1700000000^{date}|Nov 14>
    const [word, arg] = target.slice(1).split("^");
    if (word === "subteam" || word === "date") return label ?? `@${arg ?? word}`;
    return `@${word}`;
  }
  const url = target.replace(/^mailto:/, "");
  return label && label !== url && label !== target ? `${label} (${url})` : url;
}

/** A message's text as its reader sees it, as plain text. */
export function plainTextOfMessage(text: string): string {
  return text
    .replace(MARKUP, (_all, inside: string) => readable(inside))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export interface MessagePrefill {
  /** Its first sentence (or line), cut to a summary's length. */
  summary?: string;
  /** The whole text, when there is more to it than the summary. */
  details?: string;
}

/** What of a message's text goes into the escalation form. */
export function prefillFromMessage(text: string): MessagePrefill {
  const plain = plainTextOfMessage(text).trim();
  if (plain === "") return {};
  const line = plain.split(/\r?\n/).find((l) => l.trim() !== "")!.trim();
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(line)?.[1];
  const summary = truncate(sentence && sentence.length >= MIN_SENTENCE ? sentence : line, SUMMARY_MAX);
  return summary === plain ? { summary } : { summary, details: plain };
}

/**
 * A permalink fit to put in a message's link markup (`<url|text>`): http(s), nothing that would end
 * the markup or start another (`|`, `<`, `>`, white space), and not absurdly long.
 */
export function isMessageLink(url: string): boolean {
  return url.length <= 500 && /^https?:\/\/[^\s<>|]+$/.test(url);
}
