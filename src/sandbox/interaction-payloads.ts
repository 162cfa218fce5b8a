import { type Json, isObject } from "./block-kit-check.js";
import { actionIdOf, blockIdOf } from "./block-address.js";
import { type RawInput, findOption, readElement } from "./interaction-values.js";

export { actionIdOf, blockIdOf } from "./block-address.js";

export type { RawInput } from "./interaction-values.js";
export type RawInputs = Record<string /* block_id */, Record<string /* action_id */, RawInput>>;

export interface ViewStateResult {
  /** Slack's view.state.values: block_id → action_id → { type, value | selected_* }. */
  values: Record<string, Record<string, Record<string, unknown>>>;
  /** What Slack's own client refuses before anything reaches the app, keyed by block_id. */
  errors: Record<string, string>;
}

interface Placed {
  element: Json & { type: string };
  actionId: string;
  /** Elements of input blocks; the others (actions blocks, section accessories) only report state once used. */
  input: boolean;
}

function heldBy(block: Json): unknown[] {
  if (block.type === "input") return [block.element];
  if (block.type === "section") return [block.accessory];
  return block.type === "actions" && Array.isArray(block.elements) ? block.elements : [];
}

/** Every element a block holds, with the id it is addressed by. */
function elementsOf(block: Json): Placed[] {
  return heldBy(block).flatMap((element, i) =>
    isObject(element) && typeof element.type === "string"
      ? [{ element: element as Json & { type: string }, actionId: actionIdOf(element, i), input: block.type === "input" }]
      : [],
  );
}

const own = <T>(record: Record<string, T>, key: string): T | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

const REQUIRED = "Please fill out this field.";

/**
 * view.state.values for every input block of `view` (inputs the browser left out are empty), plus any other
 * stateful element the browser sent a value for. Values that are not among an element's options are dropped
 * and reported, as are values Slack's client would not let through.
 */
export function buildViewState(view: { blocks?: unknown }, raw: RawInputs): ViewStateResult {
  const values: ViewStateResult["values"] = {};
  const errors: ViewStateResult["errors"] = {};
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  blocks.forEach((block: unknown, index) => {
    if (!isObject(block)) return;
    const blockId = blockIdOf(block, index);
    const sent = own(raw, blockId) ?? {};
    for (const { element, actionId, input } of elementsOf(block)) {
      const given = own(sent, actionId);
      if (!input && given === undefined) continue;
      const read = readElement(element, given ?? null);
      if (!read) continue;
      (values[blockId] ??= {})[actionId] = { type: element.type, ...read.fields };
      const problem = read.problem ?? (input && read.empty && block.optional !== true ? REQUIRED : undefined);
      if (problem && errors[blockId] === undefined) errors[blockId] = problem;
    }
  });
  return { values, errors };
}

const present = (el: Json, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => el[k] !== undefined).map((k) => [k, el[k]]));

/**
 * The `actions[0]` of the block_actions payload Slack sends when the element `blockId`/`actionId` in `blocks` is
 * used with `raw`. undefined when there is no such element, it sends nothing (an input without dispatch_action,
 * a workflow button), or the value is not one of its options.
 */
export function buildAction(blocks: unknown, blockId: string, actionId: string, raw: RawInput, actionTs: string): Record<string, unknown> | undefined {
  const list: unknown[] = Array.isArray(blocks) ? blocks : [];
  const block = list.find((b, i) => blockIdOf(b, i) === blockId);
  if (!isObject(block) || (block.type === "input" && block.dispatch_action !== true)) return undefined;
  const element = elementsOf(block).find((placed) => placed.actionId === actionId)?.element;
  if (!element) return undefined;
  const base = { type: element.type, action_id: actionId, block_id: blockId };
  if (element.type === "button") return { ...base, text: element.text, ...present(element, ["value", "style", "url"]), action_ts: actionTs };
  if (element.type === "overflow") {
    const value = Array.isArray(raw) ? raw[0] : raw;
    const chosen = value ? findOption(element, value) : undefined;
    return chosen ? { ...base, selected_option: chosen, action_ts: actionTs } : undefined;
  }
  const read = readElement(element, raw);
  if (!read || read.unknownOption) return undefined;
  return { ...base, ...read.fields, ...present(element, ["placeholder"]), action_ts: actionTs };
}
