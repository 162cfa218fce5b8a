import { z } from "zod";

/** The shape of `view.state.values` for the elements this app uses. */
const zElementState = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_user: z.string().nullish(),
});
export const zViewStateValues = z.record(z.string(), z.record(z.string(), zElementState));
export type ViewStateValues = z.infer<typeof zViewStateValues>;

/** Inline errors keyed by block id, as `response_action: "errors"` wants them. */
export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Reads the single element of an input block whose action id equals its block id. */
export function elementOf(values: ViewStateValues, blockId: string) {
  return values[blockId]?.[blockId];
}

export function textOf(values: ViewStateValues, blockId: string): string | undefined {
  const v = elementOf(values, blockId)?.value?.trim();
  return v ? v : undefined;
}

export function selectedOf(values: ViewStateValues, blockId: string): string | undefined {
  return elementOf(values, blockId)?.selected_option?.value ?? undefined;
}

/** The person chosen in a users_select. */
export function userOf(values: ViewStateValues, blockId: string): string | undefined {
  return elementOf(values, blockId)?.selected_user ?? undefined;
}

export function checkedOf(values: ViewStateValues, blockId: string): string[] {
  return elementOf(values, blockId)?.selected_options?.map((o) => o.value) ?? [];
}
