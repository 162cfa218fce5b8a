import { EMOJI } from "./emoji-table.js";
import { escapeHtml } from "./html.js";

/** The unicode for a shortcode (without colons), or undefined when it is not in the table. */
export function emojiFor(name: string): string | undefined {
  return Object.hasOwn(EMOJI, name) ? EMOJI[name] : undefined;
}

/**
 * Emoji the page ships as SVG (src/sandbox/public/emoji/<name>.svg): every one the bot, the
 * built-in playbooks and the page itself use, so they look the same on a machine without an emoji
 * font. Others still render as unicode, which such a machine may show as an empty box.
 */
export const EMOJI_IMAGES: readonly string[] = [
  "red_circle",
  "large_orange_circle",
  "large_yellow_circle",
  "large_green_circle",
  "white_circle",
  "warning",
  "white_check_mark",
  "ballot_box_with_check",
  "white_square",
  "rotating_light",
  "lock",
  "unlock",
  "key",
  "memo",
  "hourglass",
  "hourglass_flowing_sand",
  "stopwatch",
  "zzz",
  "mega",
  "eyes",
  "eye",
  "no_entry",
  "bulb",
  "bell",
  "arrows_counterclockwise",
  "arrow_double_up",
  "arrow_double_down",
  "arrow_forward",
  "double_vertical_bar",
  "bust_in_silhouette",
  "raising_hand",
  "handshake",
  "recycle",
  "zap",
  "outbox_tray",
  "link",
  "scissors",
  "busts_in_silhouette",
];

/** Where the page serves them. */
export const EMOJI_PATH = "/sandbox/assets/emoji/";

const VARIATION_SELECTOR = /\uFE0F/g;
const bare = (unicode: string): string => unicode.replace(VARIATION_SELECTOR, "");

/** The shipped image for a character, typed as such ("🔴", "⚠️" or "⚠"). */
const IMAGE_BY_CHAR: ReadonlyMap<string, string> = new Map(EMOJI_IMAGES.map((name) => [bare(emojiFor(name) ?? ""), name]));

/** Any of those characters, with or without a variation selector after it. */
const SHIPPED_CHAR = new RegExp(`(?:${[...IMAGE_BY_CHAR.keys()].filter((k) => k !== "").sort((a, b) => b.length - a.length).join("|")})\\uFE0F?`, "gu");

/** The image a shortcode is drawn with: its own, or the one of the same character (`:pencil:` is 📝). */
function imageFor(name: string): string | undefined {
  if (EMOJI_IMAGES.includes(name)) return name;
  const unicode = emojiFor(name);
  return unicode === undefined ? undefined : IMAGE_BY_CHAR.get(bare(unicode));
}

/** Text, or an emoji to draw with a shipped image: `file` names the image, `alt` is what it stands for. */
export type EmojiPiece = string | { file: string; alt: string };

/** Splits text at the shipped emoji characters it contains. */
function splitShippedChars(text: string): EmojiPiece[] {
  const pieces: EmojiPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(SHIPPED_CHAR)) {
    const file = IMAGE_BY_CHAR.get(bare(m[0]));
    if (file === undefined) continue;
    if (m.index > last) pieces.push(text.slice(last, m.index));
    pieces.push({ file, alt: `:${file}:` });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

// Sticky so it only matches a shortcode that starts exactly at the colon being looked at.
const SHORTCODE = /:([a-z0-9_+-]+)(?:::skin-tone-[2-6])?:/y;

/**
 * Raw text as pieces: known `:shortcode:`s (and `:shortcode::skin-tone-N:`, the tone ignored)
 * become their image when shipped, else their unicode; unknown ones stay literal, and their
 * closing colon may still open the next shortcode, so `:nope:fire:` keeps `:nope` and converts
 * `:fire:`. Shipped emoji typed as characters become images too. `shortcodes: false` (a
 * plain_text with `emoji: false`) leaves shortcodes as typed.
 */
export function emojiPieces(text: string, opts: { shortcodes: boolean } = { shortcodes: true }): EmojiPiece[] {
  const pieces: EmojiPiece[] = [];
  let plain = "";
  const flush = () => {
    if (plain !== "") pieces.push(...splitShippedChars(plain));
    plain = "";
  };
  let i = 0;
  while (opts.shortcodes && i < text.length) {
    const colon = text.indexOf(":", i);
    if (colon < 0) break;
    plain += text.slice(i, colon);
    SHORTCODE.lastIndex = colon;
    const m = SHORTCODE.exec(text);
    const name = m?.[1];
    const file = name === undefined ? undefined : imageFor(name);
    const unicode = name === undefined ? undefined : emojiFor(name);
    if (m && file !== undefined) {
      flush();
      pieces.push({ file, alt: `:${name}:` });
      i = colon + m[0].length;
    } else if (m && unicode !== undefined) {
      plain += unicode;
      i = colon + m[0].length;
    } else {
      plain += ":";
      i = colon + 1;
    }
  }
  plain += text.slice(i);
  flush();
  return pieces;
}

/** Replaces known shortcodes with their unicode (see emojiPieces); unknown ones stay literal. */
export function replaceEmoji(text: string): string {
  if (!text.includes(":")) return text;
  return emojiPieces(text)
    .map((p) => (typeof p === "string" ? p : (emojiFor(p.alt.slice(1, -1)) ?? p.alt)))
    .join("");
}

/**
 * The image tag of a shipped emoji. The alt text (`:red_circle:`) is what a screen reader reads and
 * what is copied; the src is one of the page's own files, never anything from the text.
 */
export function emojiImage(piece: { file: string; alt: string }): string {
  return `<img class="bk-emoji" src="${EMOJI_PATH}${piece.file}.svg" alt="${piece.alt.replace(/[^a-z0-9_+:-]/g, "")}" draggable="false">`;
}

/**
 * Text with its emoji (shortcodes unless `shortcodes` is false, and shipped emoji characters) as
 * HTML: the text escaped, each shipped emoji an image of the page's own.
 */
export function emojiHtml(text: string, opts: { shortcodes: boolean } = { shortcodes: true }): string {
  return emojiPieces(text, opts)
    .map((p) => (typeof p === "string" ? escapeHtml(p) : emojiImage(p)))
    .join("");
}

/**
 * Text for places that cannot hold an image (an `<option>`, an attribute): a shipped emoji beside
 * other words is left out (with one space beside it), as a font may not have it; text made only of
 * such emoji names them in words ("red circle"). Unescaped.
 */
export function emojiText(text: string, opts: { shortcodes: boolean } = { shortcodes: true }): string {
  const pieces = emojiPieces(text, opts);
  if (!pieces.some((p) => typeof p === "string" && p.trim() !== "")) {
    return pieces.map((p) => (typeof p === "string" ? p : p.file.replace(/_/g, " "))).join("");
  }
  let out = "";
  let dropSpace = false;
  for (const p of pieces) {
    if (typeof p !== "string") {
      dropSpace = out === "" || /\s$/.test(out);
      continue;
    }
    out += dropSpace ? p.replace(/^\s/, "") : p;
    dropSpace = false;
  }
  return typeof pieces.at(-1) === "string" ? out : out.replace(/\s$/, "");
}
