// @ts-check
import { renderClock } from "./clock.js";
import { $, emoji } from "./dom.js";
import { getJson, query } from "./http.js";
import { state } from "./state.js";
import { loadSurfaces, registerSurface } from "./surfaces.js";

/** The workspace around the surfaces: who the page acts as, the sidebar's channels and DMs, the clock. */

/** @typedef {import("./state.js").WorkspaceView} WorkspaceView */
/** @typedef {import("./state.js").ChannelItem} ChannelItem */

export async function loadWorkspace() {
  /** @type {WorkspaceView} */
  const ws = await getJson(`workspace?${query({ as: state.as })}`);
  state.workspace = ws;
  state.as = ws.me.id;
  localStorage.setItem("sandbox.as", ws.me.id);
  $("team").textContent = ws.team;
  renderActAs(ws);
  renderSidebar(ws);
  renderClock(ws);
  const visible = [...ws.channels, ...ws.dms].map((c) => c.id);
  if (!state.channel || !visible.includes(state.channel)) {
    state.channel = ws.firstChannel && visible.includes(ws.firstChannel) ? ws.firstChannel : visible[0];
    state.thread = undefined;
  }
}

/** The workspace, then every surface, again (after switching person, moving the clock, a channel change). */
export async function refreshAll() {
  await loadWorkspace();
  await loadSurfaces();
}

/** @param {WorkspaceView} ws */
function renderActAs(ws) {
  const select = /** @type {HTMLSelectElement} */ ($("act-as"));
  select.replaceChildren(
    ...ws.people.map((p) => {
      const option = document.createElement("option");
      option.value = p.id;
      option.textContent = p.title ? `${p.realName} — ${p.title}` : p.realName;
      option.selected = p.id === ws.me.id;
      return option;
    }),
  );
}

/** @param {WorkspaceView} ws */
function renderSidebar(ws) {
  /** @param {ChannelItem} c @param {string} label */
  const item = (c, label) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `#${query({ channel: c.id })}`;
    a.dataset.channelId = c.id;
    a.className = "nav-item";
    if (c.id === state.channel) a.setAttribute("aria-current", "page");
    if (state.unread.has(c.id)) a.classList.add("unread");
    const icon = document.createElement("span");
    icon.className = "nav-icon";
    if (c.isPrivate && !c.isIm) {
      // Said, not only shown: "private" is part of the link's name.
      icon.append(emoji("lock", "private"));
    } else {
      icon.textContent = c.isIm ? "●" : "#";
      icon.setAttribute("aria-hidden", "true");
    }
    const name = document.createElement("span");
    name.textContent = label;
    a.append(icon, name);
    li.append(a);
    return li;
  };
  $("channels").replaceChildren(...ws.channels.map((c) => item(c, c.name)));
  $("dms").replaceChildren(...ws.dms.map((c) => item(c, c.name)));
}

/** Marks the conversation on screen as current in the sidebar, and the others' news. */
export function markCurrent() {
  for (const a of document.querySelectorAll(".nav-item")) {
    const link = /** @type {HTMLElement} */ (a);
    if (link.dataset.channelId === state.channel) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
    link.classList.toggle("unread", state.unread.has(link.dataset.channelId ?? ""));
  }
}

/** @param {string} channel */
function markUnread(channel) {
  for (const a of document.querySelectorAll(".nav-item")) {
    const link = /** @type {HTMLElement} */ (a);
    if (link.dataset.channelId === channel) link.classList.add("unread");
  }
}

export function wireWorkspace() {
  $("act-as").addEventListener("change", (event) => {
    state.as = /** @type {HTMLSelectElement} */ (event.target).value;
    state.thread = undefined;
    void refreshAll();
  });
  registerSurface({
    name: "sidebar",
    on: {
      message: (change) => {
        if (change.channel && change.channel !== state.channel) {
          state.unread.add(change.channel);
          markUnread(change.channel);
        }
      },
      channels: () => void refreshAll(),
      clock: () => void refreshAll(),
    },
  });
}
