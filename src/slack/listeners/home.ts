import type { App } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import { z } from "zod";
import { logEvent, type Logger } from "../../logger.js";
import type { HomeService } from "../../services/home-service.js";
import { ACTION } from "../ids.js";
import type { DashboardLinks } from "../dashboard-links.js";
import { buildDashboardLinkModal, buildDashboardUnavailableModal } from "../views/dashboard-link.js";
import { buildEscalationModal } from "../views/escalation-modal.js";
import type { ListenerDeps } from "./deps.js";
import { openForm } from "./shortcuts.js";

/**
 * The App Home: Slack sends `app_home_opened` each time a person opens the app's Home tab (also its
 * Messages tab, which needs nothing), and the Home is published for them; Refresh publishes it again;
 * New escalation opens the escalation form, as /escalate does; Dashboard opens a modal with a link to
 * the dashboard made for whoever Slack says clicked. Publishing goes through the outbox
 * (services/home-service.ts), so the listener only records the wish.
 */

const zHomeOpened = z.object({ user: z.string().min(1), tab: z.string().optional() });
const zHomeClick = z.object({ user: z.object({ id: z.string().min(1) }), trigger_id: z.string().min(1) });

export function registerHome(app: App, deps: ListenerDeps): void {
  const { homes, logger, policy, dashboard } = deps;
  app.event("app_home_opened", async ({ event }) => {
    await handleHomeOpened(homes, logger, event);
  });
  app.action(ACTION.homeRefresh, async ({ ack, body }) => {
    await ack();
    const parsed = zHomeClick.safeParse(body);
    if (!parsed.success) return logEvent(logger, "home.refresh", { outcome: "bad_payload" });
    await publish(homes, logger, "home.refresh", parsed.data.user.id);
  });
  app.action(ACTION.homeNewEscalation, async ({ ack, body, client }) => {
    await ack();
    const parsed = zHomeClick.safeParse(body);
    if (!parsed.success) return logEvent(logger, "home.new_escalation", { outcome: "bad_payload" });
    // No channel: the confirmation comes by DM, as for the global shortcut.
    await openForm(client, logger, { name: "home.new_escalation", user: parsed.data.user.id, trigger: parsed.data.trigger_id }, buildEscalationModal({ policy }));
  });
  app.action(ACTION.homeDashboard, async ({ ack, body, client }) => {
    await ack();
    const parsed = zHomeClick.safeParse(body);
    if (!parsed.success) return logEvent(logger, "home.dashboard", { outcome: "bad_payload" });
    const view = dashboardModal(dashboard, logger, parsed.data.user.id);
    if (view) await openForm(client, logger, { name: "home.dashboard", user: parsed.data.user.id, trigger: parsed.data.trigger_id }, view);
  });
  // The modal's link opens in the browser; Slack still reports the click.
  app.action(ACTION.openDashboard, async ({ ack }) => {
    await ack();
  });
}

/**
 * The modal for `userId`, who clicked: Slack signed the request that says so, so the link names
 * them and nobody else, whatever the button's value says.
 */
export function dashboardModal(dashboard: DashboardLinks | undefined, logger: Logger, userId: string): ModalView | undefined {
  const link = dashboard?.linkFor(userId) ?? { kind: "no_address" as const };
  if (link.kind === "not_a_user") {
    logEvent(logger, "home.dashboard", { user: userId, outcome: "not_a_user" });
    return undefined;
  }
  if (link.kind === "no_address") logEvent(logger, "home.dashboard", { user: userId, outcome: "no_address" });
  return link.kind === "link" ? buildDashboardLinkModal(link) : buildDashboardUnavailableModal();
}

/** Opening the Home tab publishes it; opening the Messages tab changes nothing. */
export async function handleHomeOpened(homes: HomeService, logger: Logger, event: unknown): Promise<void> {
  const parsed = zHomeOpened.safeParse(event);
  if (!parsed.success) return logEvent(logger, "home.opened", { outcome: "bad_event" });
  if (parsed.data.tab !== undefined && parsed.data.tab !== "home") return logEvent(logger, "home.opened", { user: parsed.data.user, tab: parsed.data.tab, outcome: "not_home" });
  await publish(homes, logger, "home.opened", parsed.data.user);
}

async function publish(homes: HomeService, logger: Logger, what: string, user: string): Promise<void> {
  try {
    await homes.opened(user);
    logEvent(logger, what, { user, outcome: "publish_queued" });
  } catch (err) {
    // Nothing is lost: the Home shows what it showed, and opening it again asks again.
    logger.error({ user, outcome: "error", err }, what);
  }
}
