// @ts-check
/**
 * The sandbox page: a small Slack client for the emulated workspace. It acts as one person at a
 * time, shows what that person sees (rendered to HTML by the server, which escapes all text), and
 * turns clicks, menus, the composer and modal forms into the same requests a Slack client makes.
 * Live changes arrive as server-sent events; the page refetches what they concern.
 *
 * This file only wires the modules, one per surface of the page, served as they are (no bundler):
 *   workspace.js  act as, sidebar, refreshAll()   clock.js     clock and time travel
 *   messages.js   conversation and thread         composer.js  composers and /command hints
 *   modal.js      the app's modal                 elements.js  Block Kit buttons, menus, links
 *   channels.js   new channel, invite the app     api-log.js   API log and toasts
 *   reset.js      Reset sandbox                   live.js      server-sent events
 *   dialog.js     focus, Tab and Escape in every dialog; confirm.js the confirm dialog
 *   surfaces.js   the registry of surfaces;       header.js    the top bar's links and buttons
 *   shortcuts.js  the app's shortcuts: the top bar's Shortcuts menu, each message's "More actions"
 *   menu.js       menus that open from a button (keyboard, Escape, focus given back)
 *   home.js       the app's Home tab (app_home_opened, the view it publishes)
 *   try-playbook.js  "Try the playbook": what the bot would decide, and why (policy simulate)
 *
 * Adding a surface (a person's Home tab, a dashboard link, …): write a module
 * that draws it and, in its wire function, calls registerSurface({ name, load, on }) with `load`
 * to refetch what it shows and `on` handlers for the live changes that concern it (the server's
 * change types, e.g. "view"); refreshAll() and live.js then drive it like every other. Its pane
 * goes in index.html (hidden until used); a link or button in the top bar (a dashboard link) comes
 * from addHeaderAction() in header.js. A dialog uses openDialog/closeDialog from dialog.js, which
 * give it focus, Tab and Escape. Then call its wire function below.
 */
import { wireApiLog } from "./api-log.js";
import { wireChannels } from "./channels.js";
import { wireClock } from "./clock.js";
import { wireComposer } from "./composer.js";
import { wireDashboardLink } from "./dashboard-link.js";
import { wireDialogs } from "./dialog.js";
import { wireElements } from "./elements.js";
import { wireHome } from "./home.js";
import { listen } from "./live.js";
import { wireMessages } from "./messages.js";
import { wireModal } from "./modal.js";
import { wireReset } from "./reset.js";
import { wireShortcuts } from "./shortcuts.js";
import { state } from "./state.js";
import { loadSurfaces } from "./surfaces.js";
import { wireTryPlaybook } from "./try-playbook.js";
import { loadWorkspace, wireWorkspace } from "./workspace.js";

function wire() {
  wireDialogs();
  wireWorkspace();
  wireClock();
  wireMessages();
  wireElements();
  wireComposer();
  wireModal();
  wireChannels();
  wireApiLog();
  wireReset();
  wireShortcuts();
  wireHome();
  wireTryPlaybook();
  return wireDashboardLink();
}

async function start() {
  const updateDashboardLink = wire();
  const fromHash = new URLSearchParams(location.hash.slice(1));
  await loadWorkspace();
  updateDashboardLink();
  const channel = fromHash.get("channel");
  if (channel) state.channel = channel;
  const ts = fromHash.get("ts");
  if (ts) state.thread = ts;
  await loadSurfaces();
  listen();
  document.body.dataset.ready = "true";
}

void start();
