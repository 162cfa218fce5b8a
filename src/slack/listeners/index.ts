import type { App } from "@slack/bolt";
import { registerAcknowledge } from "./acknowledge.js";
import { registerChannelEvents } from "./channel-events.js";
import { registerChecklist } from "./checklist.js";
import { registerCustomerDrafts } from "./customer-drafts.js";
import type { ListenerDeps } from "./deps.js";
import { registerEscalateCommand } from "./escalate-command.js";
import { registerEscalationSubmission } from "./escalation-submission.js";
import { registerExport } from "./export.js";
import { registerHome } from "./home.js";
import { registerJira } from "./jira.js";
import { registerLifeActions } from "./life-actions.js";
import { registerLifeForms } from "./life-forms.js";
import { registerLiftRestriction } from "./lift-restriction.js";
import { registerLinking } from "./linking.js";
import { registerReopen } from "./reopen.js";
import { registerThreadReplies } from "./thread-replies.js";
import { registerResolve } from "./resolve.js";
import { registerRetryDelivery } from "./retry-delivery.js";
import { registerShortcuts } from "./shortcuts.js";
import { registerWork } from "./work.js";
import { registerWarRoom } from "./war-room.js";

/** Every listener the app has, in one place. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerEscalateCommand(app, deps);
  registerEscalationSubmission(app, deps);
  registerAcknowledge(app, deps);
  registerResolve(app, deps);
  registerWork(app, deps);
  registerChecklist(app, deps);
  registerLiftRestriction(app, deps);
  registerRetryDelivery(app, deps);
  registerChannelEvents(app, deps);
  registerLifeActions(app, deps);
  registerLifeForms(app, deps);
  registerReopen(app, deps);
  registerThreadReplies(app, deps);
  registerShortcuts(app, deps);
  registerCustomerDrafts(app, deps);
  registerExport(app, deps);
  registerJira(app, deps);
  registerLinking(app, deps);
  registerWarRoom(app, deps);
  registerHome(app, deps);
}
