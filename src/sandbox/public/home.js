// @ts-check
import { toast } from "./api-log.js";
import { $ } from "./dom.js";
import { getJson, postJson, query } from "./http.js";
import { state } from "./state.js";
import { registerSurface } from "./surfaces.js";

/**
 * The app's Home tab: in the app's DM, a Home and a Messages tab, as Slack shows an app. Opening
 * Home sends the app `app_home_opened` for the person the page acts as (through the sandbox, as
 * Slack would), and shows the view the app publishes for them (views.publish), rendered by the
 * server like every other surface; its buttons reach the app as block_actions from that view.
 * The tabs follow the ARIA tabs pattern: arrow keys move between them, Enter or a click opens one.
 */

/** @typedef {{ id: string; body: string }} HomeTabView */

/** Who the Home was last opened for (opened again when the person changes). */
let openedFor = /** @type {string | undefined} */ (undefined);

const isAppDm = () => (state.workspace?.dms ?? []).some((c) => c.id === state.channel);
const homeShown = () => isAppDm() && state.appTab === "home";

/** After a conversation was opened: its tabs, and the Home opened when it is the tab shown. */
export function showAppTabs() {
  syncAppTabs();
  if (homeShown() && openedFor !== state.as) void loadHome();
}

/** Shows the tabs in the app's DM and the tab chosen; elsewhere, the conversation as it was. */
function syncAppTabs() {
  const inApp = isAppDm();
  $("app-tabs").hidden = !inApp;
  const home = homeShown();
  for (const [id, selected] of /** @type {const} */ ([["tab-home", home], ["tab-messages", !home]])) {
    const tab = $(id);
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  $("home").hidden = !home;
  $("app").querySelector(".conversation")?.classList.toggle("home-open", home);
  if (!home) openedFor = undefined;
}

/** Opens a tab; Home tells the app it was opened, as Slack does each time. @param {"home" | "messages"} tab */
async function chooseTab(tab) {
  state.appTab = tab;
  syncAppTabs();
  if (tab === "home") await loadHome({ open: true });
}

/** Fetches the published Home and draws it; `open` first tells the app the tab was opened. @param {{ open?: boolean }} [opts] */
async function loadHome(opts = {}) {
  syncAppTabs();
  if (!homeShown() || !state.as) return;
  if (opts.open || openedFor !== state.as) {
    openedFor = state.as;
    const answer = await postJson("home/open", { as: state.as });
    if (answer.ok === false) toast(`The app was not told its Home was opened: ${answer.error}`);
  }
  /** @type {{ home: HomeTabView | null }} */
  const { home } = await getJson(`home?${query({ as: state.as })}`);
  showHome(home);
}

/** @param {HomeTabView | null} home */
function showHome(home) {
  const body = $("home-body");
  $("home-empty").hidden = home !== null;
  if (!home) {
    state.homeViewId = undefined;
    body.replaceChildren();
    return;
  }
  if (home.id === state.homeViewId && body.dataset.html === home.body) return;
  // Redrawn: a focused button goes to its redrawn twin (Refresh stays focused after a refresh).
  const active = document.activeElement instanceof HTMLElement && body.contains(document.activeElement) ? document.activeElement.dataset.actionId : undefined;
  state.homeViewId = home.id;
  // Rendered by the server from the app's Block Kit, with every piece of text escaped there.
  body.innerHTML = home.body;
  body.dataset.html = home.body;
  if (active) /** @type {HTMLElement | null} */ (body.querySelector(`[data-action-id="${CSS.escape(active)}"]`))?.focus();
}

export function wireHome() {
  const tabs = [$("tab-home"), $("tab-messages")];
  $("tab-home").addEventListener("click", () => void chooseTab("home"));
  $("tab-messages").addEventListener("click", () => void chooseTab("messages"));
  $("app-tabs").addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight" && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    const at = tabs.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    const next = event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : (at + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length;
    tabs[next]?.focus();
  });
  registerSurface({
    name: "home",
    load: () => loadHome(),
    on: { home: (change) => void (change.user === state.as && homeShown() && loadHome()) },
  });
}
