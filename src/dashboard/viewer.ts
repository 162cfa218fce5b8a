import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../db/schema.js";
import { maySeeRestricted } from "../domain/permissions.js";
import type { Policy } from "../domain/playbook/model.js";
import type { RestrictedCheck } from "../services/dashboard-service.js";
import type { ActorDirectory } from "../slack/actor-directory.js";
import type { SessionViewer } from "./session.js";

/**
 * Who may see which restricted escalation on the dashboard. A token holder is nobody in Slack:
 * restricted escalations are counts to them. A person (a viewer link from App Home, or whoever the
 * sandbox page acts as) is asked about as for App Home: their roles and channels from Slack
 * (slack/actor-directory.ts), and the playbook's rule (domain/permissions.ts maySeeRestricted).
 */
export function restrictedCheck(viewer: SessionViewer, deps: { actors: ActorDirectory; client: WebClient; policy: Policy }): RestrictedCheck {
  if (viewer.kind === "token") return async () => false;
  return async (esc: EscalationRow) => maySeeRestricted(esc, await deps.actors.of(deps.client, viewer.userId, esc), deps.policy);
}
