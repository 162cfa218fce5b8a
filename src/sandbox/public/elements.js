// @ts-check
import { toast } from "./api-log.js";
import { confirmed } from "./confirm.js";
import { postJson } from "./http.js";
import { openConversation } from "./messages.js";
import { collectInputs, valueOf } from "./modal.js";
import { state } from "./state.js";

/**
 * Block Kit's interactive elements, on messages and in the modal: buttons, menus, pickers, radio
 * buttons and checkboxes become the block_actions a Slack client sends; links open as in Slack.
 */

/**
 * Sends what a person did with an element of a message or of the open modal.
 * @param {HTMLElement} element
 * @param {import("./state.js").RawInput} value
 */
async function useElement(element, value) {
  if (!state.as) return;
  const blockId = element.dataset.blockId ?? "";
  const actionId = element.dataset.actionId ?? "";
  if (!(await confirmed(element))) return;
  const inModal = element.closest("#modal-body") !== null;
  const inHome = element.closest("#home-body") !== null;
  const message = /** @type {HTMLElement | null} */ (element.closest("article.msg"));
  /** @type {Record<string, unknown>} */
  const body = { as: state.as, blockId, actionId, value };
  if (inModal && state.modalId) {
    Object.assign(body, { viewId: state.modalId, inputs: collectInputs() });
  } else if (inHome && state.homeViewId) {
    // A button on the app's Home tab: block_actions from the Home view.
    Object.assign(body, { viewId: state.homeViewId, inputs: {} });
  } else if (message && state.channel) {
    Object.assign(body, { channel: state.channel, messageTs: message.dataset.ts, ephemeral: message.dataset.ephemeral === "true" });
  } else {
    return;
  }
  const answer = await postJson("action", body);
  if (answer.ok === false && answer.error !== "element_not_found") toast(`That did not reach the app: ${answer.error}`);
}

/** Whether a link is one of the app's permalinks into this page's conversations. @param {string} href */
function inPage(href) {
  const url = new URL(href, location.href);
  return url.origin === location.origin && url.pathname.startsWith("/archives/");
}

/** Links to this page (the app's permalinks) open in the page; others in a new tab. @param {string} href */
function openLink(href) {
  const url = new URL(href, location.href);
  if (inPage(href)) {
    const [, , channel, p] = url.pathname.split("/");
    const m = /^p(\d+)(\d{6})$/.exec(p ?? "");
    const ts = url.searchParams.get("thread_ts") ?? (m ? `${m[1]}.${m[2]}` : undefined);
    if (channel) void openConversation(channel, ts);
    return;
  }
  window.open(url.href, "_blank", "noopener,noreferrer");
}

/** Whether a change to this element is sent at once (see the change listener). @param {HTMLElement} element */
function actsAtOnce(element) {
  const inputBlock = /** @type {HTMLElement | null} */ (element.closest(".bk-input-block"));
  if (inputBlock && inputBlock.dataset.dispatchAction !== "true") return false;
  return element.closest("#modal-body, article.msg, #home-body") !== null;
}

export function wireElements() {
  document.addEventListener("click", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const button = /** @type {HTMLElement | null} */ (target.closest('[data-bk="button"]'));
    if (button) {
      const href = button.dataset.url;
      // A URL button is a link (target=_blank): the browser opens it, unless it is a permalink into
      // this page or must be confirmed first.
      const native = href !== undefined && button instanceof HTMLAnchorElement && !inPage(href) && button.dataset.confirm === undefined;
      if (!native) event.preventDefault();
      if (href && !native) openLink(href);
      void useElement(button, button.dataset.value ?? null);
      return;
    }
    // Channel links (data-channel-id) go to their conversation: messages.js.
    const link = /** @type {HTMLAnchorElement | null} */ (target.closest("a[href]:not([data-channel-id])"));
    if (link && link.closest(".msg-body, #modal-body, #home-body")) {
      event.preventDefault();
      openLink(link.href);
    }
  });

  // Menus, pickers, radio buttons and checkboxes on messages (and actions blocks in modals) act at once;
  // inputs inside a modal's input blocks only when they ask to (dispatch_action).
  document.addEventListener("change", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    const element = /** @type {HTMLElement | null} */ (target.closest("[data-bk]"));
    if (!element || element.dataset.bk === "button" || !actsAtOnce(element)) return;
    const inputBlock = /** @type {HTMLElement | null} */ (element.closest(".bk-input-block"));
    const value = valueOf(element);
    if (value === null || (Array.isArray(value) && value.length === 0 && element.dataset.bk !== "checkboxes")) return;
    void useElement(element, value);
    // A message menu goes back to its placeholder, as in Slack, so the same choice can be made again.
    if (!inputBlock && element instanceof HTMLSelectElement && element.closest("article.msg")) element.value = "";
  });

  // An arrow key on a closed menu changes its value, which would act at once on the first option
  // reached: for menus that act at once, arrows open the menu instead (as Slack's do), where
  // arrows move and Enter chooses.
  document.addEventListener("keydown", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || select.multiple || !select.matches("[data-bk]") || !actsAtOnce(select)) return;
    if ((event.key !== "ArrowDown" && event.key !== "ArrowUp") || event.altKey) return;
    event.preventDefault();
    try {
      select.showPicker();
    } catch {
      // Not allowed here: Space and Enter still open it.
    }
  });
}
