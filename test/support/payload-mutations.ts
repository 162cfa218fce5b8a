/**
 * Deterministic mutations of Slack payloads for fuzzing the app's edge: a seeded PRNG, operators
 * that break a payload the ways a buggy sender, a new Slack field or a hostile one would (fields
 * deleted, types changed, huge and odd strings, deep junk, unknown ids), and the raw bodies that
 * are not a payload at all. Every body is then signed correctly by the caller.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

const ODD_STRINGS = [
  "",
  " ",
  "💥🔥👩‍👩‍👧‍👦",
  "\u202egnp.exe",
  "\u0000\u0001\u001f",
  "\ud800",
  "漢字かなカナ한국어",
  "Ω≈ç√∫˜µ≤≥÷",
  "<!channel> <@U0ATTACKER> &amp;",
  "'; DROP TABLE escalations; --",
  "../../etc/passwd",
  "ESC-0001",
  "ESC-0001.AAAAAAAAAAAAAAAAAAAAAA",
  "1700000000.000100",
  "{\"ref\":\"ESC-0001\",\"sig\":\"x\"}",
  "__proto__",
  "constructor",
  "null",
  "-1",
  "1e309",
];

/** Names that Slack's ids and types use: replaced by ones the app has never heard of. */
const ID_KEYS = new Set(["type", "action_id", "block_id", "callback_id", "command", "subtype", "event_id", "trigger_id", "id", "user_id", "channel_id", "team_id"]);

function junkValue(rand: Rand, depth = 0): Json {
  switch (int(rand, 0, 7)) {
    case 0:
      return pick(rand, ODD_STRINGS);
    case 1:
      return pick(rand, [0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308]);
    case 2:
      return null;
    case 3:
      return rand() < 0.5;
    case 4:
      return depth > 2 ? [] : [junkValue(rand, depth + 1), junkValue(rand, depth + 1)];
    case 5:
      return depth > 2 ? {} : { [pick(rand, ["id", "type", "value", "x", "__proto__"])]: junkValue(rand, depth + 1) };
    case 6:
      return deepJunk(int(rand, 20, 300));
    default:
      return `unknown_${int(rand, 0, 99_999)}`;
  }
}

/** Beyond the limits Slack sets on a field (1,000 to 10,000 characters), now and then 100,000. */
function hugeString(rand: Rand): string {
  const unit = pick(rand, ["x", "é", "💥", "<@U0X> ", "a".repeat(9) + " "]);
  const length = rand() < 0.05 ? 100_000 : int(rand, 1_000, 10_000);
  return unit.repeat(Math.ceil(length / unit.length));
}

function deepJunk(depth: number): Json {
  let v: Json = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number; depth: number };

/** Every place a value sits in `root`, with its depth (1 = a top-level field). */
function slots(root: Json, depth = 1, out: Slot[] = []): Slot[] {
  if (Array.isArray(root)) root.forEach((v, i) => (out.push({ parent: root, key: i, depth }), slots(v, depth + 1, out)));
  else if (root && typeof root === "object") for (const [k, v] of Object.entries(root)) out.push({ parent: root, key: k, depth }), slots(v, depth + 1, out);
  return out;
}

/** One mutation, in place. Half the time it hits the envelope (depth ≤ 2), where Bolt and listeners look first. */
function mutateOnce(rand: Rand, root: { [key: string]: Json }, opts: { stringsOnly: boolean }): void {
  const all = slots(root);
  const shallow = all.filter((s) => s.depth <= 2);
  const slot = pick(rand, rand() < 0.5 && shallow.length ? shallow : all.length ? all : [{ parent: root, key: "x", depth: 1 }]);
  const set = (v: Json) => {
    // Form fields are strings (or, repeated, lists of them).
    const value = opts.stringsOnly && typeof v !== "string" && !Array.isArray(v) ? String(v) : v;
    (slot.parent as Record<string | number, Json>)[slot.key] = value;
  };
  // Weighted: deletions and wrong types most, huge strings least (they cost the most to send).
  switch (int(rand, 0, 11)) {
    case 0:
    case 1:
    case 2:
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      return;
    case 3:
    case 4:
    case 5:
      return set(opts.stringsOnly ? pick(rand, ODD_STRINGS) : junkValue(rand));
    case 6:
    case 7:
      return set(ID_KEYS.has(String(slot.key)) ? `unknown_${int(rand, 0, 99_999)}` : pick(rand, ODD_STRINGS));
    case 8:
      return set(hugeString(rand));
    case 9: {
      const target = Array.isArray(slot.parent) || opts.stringsOnly ? root : slot.parent;
      target[`extra_${int(rand, 0, 999)}`] = opts.stringsOnly ? pick(rand, ODD_STRINGS) : junkValue(rand);
      return;
    }
    default:
      return set(opts.stringsOnly ? [pick(rand, ODD_STRINGS), pick(rand, ODD_STRINGS)] : junkValue(rand));
  }
}

/** `base` with one to three mutations; `base` itself is left alone. */
export function mutate(rand: Rand, base: object, opts: { stringsOnly?: boolean } = {}): Record<string, unknown> {
  const copy = structuredClone(base) as { [key: string]: Json };
  for (let n = int(rand, 1, 3); n > 0; n--) mutateOnce(rand, copy, { stringsOnly: opts.stringsOnly ?? false });
  return copy;
}

/** How Slack sends each kind of request. */
export type Encoding = "form" | "payload" | "json";

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

/** Form fields as a browser or Slack would encode them; a list becomes the field repeated. */
export function formBody(fields: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
  return params.toString();
}

export function encode(encoding: Encoding, body: Record<string, unknown>): { body: string; contentType: string } {
  if (encoding === "form") return { body: formBody(body), contentType: FORM };
  if (encoding === "payload") return { body: formBody({ payload: JSON.stringify(body) }), contentType: FORM };
  return { body: JSON.stringify(body), contentType: JSON_TYPE };
}

/** Bodies that are no payload: broken, empty, not an object, or of another encoding than announced. */
export function rawMutation(rand: Rand, encoding: Encoding, valid: Record<string, unknown>): { body: string; contentType: string } {
  const good = encode(encoding, valid);
  const json = JSON.stringify(valid);
  const contentType = encoding === "json" ? JSON_TYPE : FORM;
  const choices: (() => { body: string; contentType: string })[] = [
    () => ({ body: good.body.slice(0, int(rand, 0, good.body.length - 1)), contentType: good.contentType }),
    () => ({ body: "", contentType }),
    () => ({ body: pick(rand, ["null", "5", '"text"', "[]", "[{}]", "{", "true", "{}"]), contentType: JSON_TYPE }),
    () => ({ body: `payload=${encodeURIComponent(pick(rand, ["null", "5", "[]", "{", "", '"x"', "{}"]))}`, contentType: FORM }),
    () => ({ body: good.body, contentType: good.contentType === FORM ? JSON_TYPE : FORM }),
    () => ({ body: good.body, contentType: `${good.contentType}; charset=utf-8` }),
    () => ({ body: String.fromCharCode(...Array.from({ length: int(rand, 1, 200) }, () => int(rand, 0, 255))), contentType }),
    () => ({ body: `${json}${json}`, contentType: JSON_TYPE }),
  ];
  return pick(rand, choices)();
}
