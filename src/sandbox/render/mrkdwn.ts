import type { RenderContext } from "./context.js";
import { emojiHtml, emojiImage, emojiPieces } from "./emoji.js";
import { attr, escapeHtml } from "./html.js";
import {
  broadcastMention,
  channelMention,
  channelText,
  dateHtml,
  isBroadcast,
  isRenderableEpoch,
  linkHtml,
  userMention,
  userText,
  usergroupMention,
  usergroupText,
} from "./mentions.js";
import { formatSlackDate } from "./slack-date.js";

/** Slack escapes only &, < and > in message text, so only those three are decoded. */
export function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt);/g, (_whole, name: string) => (name === "amp" ? "&" : name === "lt" ? "<" : ">"));
}

/** Plain text: no formatting; entities decoded, then escaped, so user text can never become markup. */
export function renderPlainText(text: string, _ctx: RenderContext, opts?: { emoji?: boolean }): string {
  return emojiHtml(decodeEntities(text), { shortcodes: opts?.emoji !== false }).replace(/\r?\n/g, "<br>");
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + sep.length)];
}

function renderDate(parts: string[], label: string | undefined, ctx: RenderContext, asText: boolean): string {
  const seconds = /^-?\d{1,12}$/.test(parts[1] ?? "") ? Number(parts[1]) : Number.NaN;
  const format = parts[2];
  if (!isRenderableEpoch(seconds) || format === undefined) return escapeHtml(label ?? "");
  if (asText) return escapeHtml(formatSlackDate(seconds, decodeEntities(format), ctx));
  const link = parts.length > 3 ? decodeEntities(parts.slice(3).join("^")) : undefined;
  return dateHtml(seconds, decodeEntities(format), ctx, link);
}

/**
 * One `<…>` control sequence (the text between the brackets, still entity-escaped). With
 * `asText` (inside code) it renders as the text a reader would see, without links or mentions.
 */
function renderControl(raw: string, ctx: RenderContext, asText: boolean): string {
  const [target, rawLabel] = splitOnce(raw, "|");
  const label = rawLabel === undefined ? undefined : decodeEntities(rawLabel);
  const sigil = target[0];
  if (sigil === "@") {
    const id = target.slice(1);
    const text = userText(ctx, id, label);
    return asText ? escapeHtml(text) : userMention(id, text);
  }
  if (sigil === "#") {
    const id = target.slice(1);
    const text = channelText(ctx, id, label);
    return asText ? escapeHtml(text) : channelMention(id, text);
  }
  if (sigil === "!") {
    const parts = target.slice(1).split("^");
    const command = parts[0] ?? "";
    if (isBroadcast(command)) return asText ? `@${command}` : broadcastMention(command);
    const groupId = parts[1] ?? "";
    if (command === "subteam" && groupId !== "") {
      const text = usergroupText(ctx, groupId, label);
      return asText ? escapeHtml(text) : usergroupMention(text);
    }
    if (command === "date") return renderDate(parts, label, ctx, asText);
    // Unknown commands show their fallback label, as Slack does.
    return escapeHtml(label ?? `<${decodeEntities(raw)}>`);
  }
  const url = decodeEntities(target);
  const shown = label !== undefined && label !== "" ? emojiHtml(label) : escapeHtml(url.replace(/^mailto:/i, ""));
  return asText ? shown : linkHtml(url, shown);
}

/**
 * Where the control sequence opened by the `<` at `open` ends, or -1 when that `<` is just a
 * character (no `>`, nothing inside, or another `<` first).
 */
function controlEnd(s: string, open: number): number {
  const close = s.indexOf(">", open + 1);
  if (close <= open + 1) return -1;
  const reopen = s.indexOf("<", open + 1);
  return reopen >= 0 && reopen < close ? -1 : close;
}

/** Text inside code spans and pre blocks: no formatting or emoji, control sequences as text. */
function renderCodeText(raw: string, ctx: RenderContext): string {
  let out = "";
  let plain = "";
  let i = 0;
  while (i < raw.length) {
    const close = raw[i] === "<" ? controlEnd(raw, i) : -1;
    if (close < 0) {
      plain += raw[i] ?? "";
      i += 1;
      continue;
    }
    out += escapeHtml(decodeEntities(plain)) + renderControl(raw.slice(i + 1, close), ctx, true);
    plain = "";
    i = close + 1;
  }
  return out + escapeHtml(decodeEntities(plain));
}

/** A code point of visible text, or an already-rendered opaque piece (link, mention, code span). */
type Unit = string | { html: string };

function tokenizeLine(line: string, ctx: RenderContext): Unit[] {
  const units: Unit[] = [];
  let text = "";
  const flushText = () => {
    if (text === "") return;
    // Code points, so emphasis markers can be told apart; a shipped emoji is one opaque image.
    for (const p of emojiPieces(decodeEntities(text))) units.push(...(typeof p === "string" ? Array.from(p) : [{ html: emojiImage(p) }]));
    text = "";
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? "";
    const end = c === "<" ? controlEnd(line, i) : c === "`" ? line.indexOf("`", i + 1) : -1;
    if (end > i + 1) {
      flushText();
      const inner = line.slice(i + 1, end);
      const html = c === "<" ? renderControl(inner, ctx, false) : `<code class="bk-code">${renderCodeText(inner, ctx)}</code>`;
      units.push({ html });
      i = end + 1;
    } else {
      text += c;
      i += 1;
    }
  }
  flushText();
  return units;
}

const MARKER_TAGS: Record<string, string> = { "*": "b", _: "i", "~": "s" };

const isWordChar = (u: Unit | undefined): boolean => typeof u === "string" && /[\p{L}\p{N}]/u.test(u);
const isSpace = (u: Unit | undefined): boolean => u === undefined || (typeof u === "string" && /\s/u.test(u));

/**
 * Formatting markers apply only at word boundaries, as in Slack: an opener follows start,
 * space or punctuation and precedes non-space; a closer follows non-space and precedes
 * end, space or punctuation. So `snake_case_name` and `2*3*4` stay literal.
 */
class Emphasis {
  /** For each marker, the index of the first valid closer at or after each position (or -1). */
  private readonly nextCloser = new Map<string, Int32Array>();

  constructor(private readonly units: Unit[]) {
    for (const marker of Object.keys(MARKER_TAGS)) {
      const next = new Int32Array(units.length + 1).fill(-1);
      for (let j = units.length - 1; j >= 0; j--) {
        const closes = units[j] === marker && !isSpace(units[j - 1]) && !isWordChar(units[j + 1]);
        next[j] = closes ? j : (next[j + 1] ?? -1);
      }
      this.nextCloser.set(marker, next);
    }
  }

  private closerFor(i: number, to: number): number {
    const marker = this.units[i];
    if (typeof marker !== "string" || !(marker in MARKER_TAGS)) return -1;
    if (isWordChar(this.units[i - 1]) || isSpace(this.units[i + 1])) return -1;
    const j = this.nextCloser.get(marker)?.[i + 2] ?? -1;
    return j >= 0 && j < to ? j : -1;
  }

  /** Renders units[from, to); each tag opens and closes within the range, so output is balanced. */
  render(from = 0, to = this.units.length): string {
    let out = "";
    let i = from;
    while (i < to) {
      const unit = this.units[i];
      if (unit === undefined) break;
      if (typeof unit !== "string") {
        out += unit.html;
        i += 1;
        continue;
      }
      const close = this.closerFor(i, to);
      const tag = MARKER_TAGS[unit];
      if (close >= 0 && tag) {
        out += `<${tag}>${this.render(i + 1, close)}</${tag}>`;
        i = close + 1;
      } else {
        out += escapeHtml(unit);
        i += 1;
      }
    }
    return out;
  }
}

function renderInline(line: string, ctx: RenderContext): string {
  return new Emphasis(tokenizeLine(line, ctx)).render();
}

const QUOTE_ALL = /^(?:>|&gt;){3} ?/;
const QUOTE = /^(?:>|&gt;) ?/;
const BULLET = /^\s*(?:•|◦|-(?=\s))\s*/;
const NUMBERED = /^\s*(\d{1,9})\.\s+/;

type ListKind = "ul" | "ol";

function listItem(line: string): { kind: ListKind; number: number; rest: string } | undefined {
  const bullet = BULLET.exec(line);
  if (bullet) return { kind: "ul", number: 0, rest: line.slice(bullet[0].length) };
  const numbered = NUMBERED.exec(line);
  if (numbered) return { kind: "ol", number: Number(numbered[1]), rest: line.slice(numbered[0].length) };
  return undefined;
}

/** Lines of one non-pre segment: quotes and lists become blocks, other lines join with <br>. */
function renderLines(lines: string[], ctx: RenderContext, inQuote: boolean): string {
  let out = "";
  let paragraph: string[] = [];
  const flush = () => {
    out += paragraph.join("<br>");
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (!inQuote && QUOTE_ALL.test(line)) {
      flush();
      const rest = [line.replace(QUOTE_ALL, ""), ...lines.slice(i + 1)];
      out += `<blockquote class="bk-quote">${renderLines(rest, ctx, true)}</blockquote>`;
      return out;
    }
    if (!inQuote && QUOTE.test(line)) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? "")) quoted.push((lines[i++] ?? "").replace(QUOTE, ""));
      out += `<blockquote class="bk-quote">${renderLines(quoted, ctx, true)}</blockquote>`;
      continue;
    }
    const first = listItem(line);
    if (first) {
      flush();
      const items: string[] = [];
      let item: ReturnType<typeof listItem> = first;
      while (item && item.kind === first.kind) {
        items.push(`<li>${renderInline(item.rest, ctx)}</li>`);
        i += 1;
        item = i < lines.length ? listItem(lines[i] ?? "") : undefined;
      }
      const start = first.kind === "ol" && first.number !== 1 ? attr("start", first.number) : "";
      out += `<${first.kind} class="bk-list"${start}>${items.join("")}</${first.kind}>`;
      continue;
    }
    paragraph.push(renderInline(line, ctx));
    i += 1;
  }
  flush();
  return out;
}

/** Slack mrkdwn to HTML; every piece of user text is escaped, only our own tags are emitted. */
export function renderMrkdwn(text: string, ctx: RenderContext): string {
  const source = text.replace(/\r\n?/g, "\n");
  let out = "";
  let last = 0;
  const textSegment = (segment: string) => (segment === "" ? "" : renderLines(segment.split("\n"), ctx, false));
  for (const m of source.matchAll(/```([\s\S]*?)```/g)) {
    // A pre block is a block of its own: the newlines that merely separate it from text are dropped.
    out += textSegment(source.slice(last, m.index).replace(/\n$/, ""));
    const body = (m[1] ?? "").replace(/^\n/, "").replace(/\n$/, "");
    out += `<pre class="bk-pre">${renderCodeText(body, ctx)}</pre>`;
    last = m.index + m[0].length;
    if (source[last] === "\n") last += 1;
  }
  return out + textSegment(source.slice(last));
}
