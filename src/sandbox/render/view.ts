import type { RenderContext } from "./context.js";
import { renderBlocks, type RenderBlocksOptions } from "./blocks.js";
import { isRecord } from "./json.js";
import { renderTextObject } from "./text-object.js";

export interface RenderedModal {
  /** Escaped HTML of the view's plain_text title ("" when missing). */
  title: string;
  /** Escaped HTML of the submit label; absent when the view has no submit button. */
  submit?: string;
  /** Escaped HTML of the close label; "Cancel" when the view sets none. */
  close: string;
  body: string;
}

/** A modal view: its chrome as escaped HTML strings and its blocks (with any input errors) as the body. */
export function renderModal(view: unknown, ctx: RenderContext, opts?: RenderBlocksOptions): RenderedModal {
  if (!isRecord(view)) return { title: "", close: "Cancel", body: '<div class="bk-unsupported">unsupported view</div>' };
  const title = renderTextObject(view.title, ctx) ?? "";
  const submit = renderTextObject(view.submit, ctx);
  const close = renderTextObject(view.close, ctx) ?? "Cancel";
  const body = renderBlocks(view.blocks, ctx, opts);
  return submit === undefined ? { title, close, body } : { title, submit, close, body };
}
