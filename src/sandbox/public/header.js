// @ts-check
import { $, el } from "./dom.js";

/**
 * The top bar's place for links and buttons of later surfaces (a dashboard link, a shortcuts
 * menu): they add themselves here instead of editing index.html. Hidden while empty.
 * @param {{ label: string; title?: string; href?: string; onClick?: () => void }} action
 * @returns {HTMLElement} the link (with `href`) or button that was added
 */
export function addHeaderAction(action) {
  const area = $("header-actions");
  /** @type {HTMLElement} */
  let item;
  if (action.href !== undefined) {
    const link = el("a", "header-action", action.label);
    link.href = action.href;
    item = link;
  } else {
    const button = el("button", "header-action", action.label);
    button.type = "button";
    if (action.onClick) button.addEventListener("click", action.onClick);
    item = button;
  }
  if (action.title) item.title = action.title;
  area.append(item);
  area.hidden = false;
  return item;
}
