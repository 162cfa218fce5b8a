import type { RawInput, RawInputs } from "../../src/sandbox/interaction-payloads.js";

type Json = Record<string, any>;

/**
 * What a browser submits for a modal nobody touched: every input block's pre-filled value
 * (initial_value, initial_option(s), ...), then `typed` on top, as a person would fill the form.
 */
export function filledForm(view: Json, typed: RawInputs = {}): RawInputs {
  const inputs: RawInputs = {};
  for (const block of (view.blocks ?? []) as Json[]) {
    if (block.type !== "input" || !block.element) continue;
    const el = block.element as Json;
    (inputs[block.block_id] ??= {})[el.action_id] = initial(el);
  }
  for (const [blockId, actions] of Object.entries(typed)) inputs[blockId] = { ...inputs[blockId], ...actions };
  return inputs;
}

function initial(el: Json): RawInput {
  if (typeof el.initial_value === "string") return el.initial_value;
  if (el.initial_option) return String(el.initial_option.value);
  if (Array.isArray(el.initial_options)) return el.initial_options.map((o: Json) => String(o.value));
  if (typeof el.initial_date === "string") return el.initial_date;
  return el.type === "checkboxes" || String(el.type).startsWith("multi_") ? [] : null;
}
