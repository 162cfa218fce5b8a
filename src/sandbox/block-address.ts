/**
 * How a block and an element are addressed when they were sent without ids. Slack invents random
 * ones; the sandbox uses positions ("b3" for the fourth block, "a0" for a block's first element), so
 * the page that renders them and the emulator that turns a click back into a payload agree.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function blockIdOf(block: unknown, index: number): string {
  return isObject(block) && typeof block.block_id === "string" && block.block_id !== "" ? block.block_id : `b${index}`;
}

export function actionIdOf(element: unknown, index: number): string {
  return isObject(element) && typeof element.action_id === "string" && element.action_id !== "" ? element.action_id : `a${index}`;
}
