// @ts-check
import { toast } from "./api-log.js";
import { el } from "./dom.js";
import { addHeaderAction } from "./header.js";
import { postJson } from "./http.js";
import { menuButton, wireMenus } from "./menu.js";
import { state } from "./state.js";
import { registerSurface } from "./surfaces.js";

/**
 * The app's shortcuts, as Slack's client offers them: its global shortcuts in the top bar's
 * Shortcuts menu, its message shortcuts in each message's "More actions" (⋯) menu. Choosing one
 * sends the app Slack's `shortcut` or `message_action` payload (the server builds it); what the app
 * does with it (a modal, say) arrives as any other live change.
 */

/** @typedef {import("./state.js").ShortcutItem} ShortcutItem */

/** Words for the refusals a person may meet. */
const PROBLEMS = /** @type {Record<string, string>} */ ({
  operation_timeout: "The app did not respond in time. Try again in a moment.",
  dispatch_failed: "The app could not be reached.",
  no_app_connected: "The app is not running.",
  message_not_found: "That message is gone.",
});

/** @param {Record<string, unknown>} body */
async function use(body) {
  const answer = await postJson("shortcut", { as: state.as, ...body });
  if (answer.ok === false) toast(`The shortcut did not work: ${PROBLEMS[answer.error] ?? answer.error}`);
}

/** @param {ShortcutItem} s @param {Record<string, unknown>} where */
const item = (s, where) => ({ label: s.name, description: s.description, choose: () => void use({ callbackId: s.callbackId, ...where }) });

/**
 * The "More actions" button of the message `ts` in a pane, or null when the app has no message
 * shortcut (Slack's own entries in that menu are not played here).
 * @param {string} ts @param {"#messages" | "#thread-messages"} pane
 * @returns {HTMLButtonElement | null}
 */
export function moreActions(ts, pane) {
  if ((state.workspace?.shortcuts.message ?? []).length === 0) return null;
  const button = el("button", "msg-more", "⋯");
  button.type = "button";
  button.setAttribute("aria-label", "More actions");
  button.title = "More actions";
  const key = `${pane} ${ts}`;
  menuButton(button, {
    key,
    label: "More actions",
    items: () => (state.workspace?.shortcuts.message ?? []).map((s) => item(s, { channel: state.channel, messageTs: ts })),
    refind: () => document.querySelector(`${pane} [data-menu="${CSS.escape(key)}"]`),
  });
  return button;
}

export function wireShortcuts() {
  wireMenus();
  /** @type {HTMLElement | undefined} */
  let header;
  registerSurface({
    name: "shortcuts",
    // The top bar's menu appears once the app declares a global shortcut.
    load: async () => {
      if (header || (state.workspace?.shortcuts.global ?? []).length === 0) return;
      header = addHeaderAction({ label: "Shortcuts", title: "The app's shortcuts" });
      menuButton(/** @type {HTMLButtonElement} */ (header), {
        key: "shortcuts",
        label: "Shortcuts",
        items: () => (state.workspace?.shortcuts.global ?? []).map((s) => item(s, {})),
      });
    },
  });
}
