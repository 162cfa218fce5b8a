import type { WebClient } from "@slack/web-api";
import type { EscalationRow } from "../../db/schema.js";
import { customerTime, draftValues, fillTemplate, fittingTemplate, templatesFor, type LatestUpdate } from "../../domain/customer-draft.js";
import type { Actor } from "../../domain/permissions.js";
import type { Logger } from "../../logger.js";
import type { DraftModalInput } from "../views/customer-draft-modal.js";
import { UPDATE_STATUSES } from "../views/work-modals.js";
import type { ListenerDeps } from "./deps.js";

/**
 * The draft a person sees: the template that fits (or the one they chose), filled with what the
 * escalation knows, signed with their own name and with times in their own zone, as the customer
 * will read them. Undefined when the playbook offers no template for this escalation.
 */
export async function draftModalInput(
  deps: Pick<ListenerDeps, "policy" | "logger">,
  client: WebClient,
  userId: string,
  found: { escalation: EscalationRow; latestUpdate: LatestUpdate | undefined },
  chosenId?: string,
): Promise<DraftModalInput | undefined> {
  const { policy } = deps;
  const esc = found.escalation;
  const offered = templatesFor(policy, esc);
  const fitting = fittingTemplate(policy, esc, found.latestUpdate !== undefined);
  if (!fitting) return undefined;
  const template = offered.find((t) => t.id === chosenId) ?? fitting.template;
  const writer = await whoWrites(client, deps.logger, userId);
  const update = found.latestUpdate;
  const values = draftValues(esc, policy, {
    owner: writer.name,
    nextUpdate: esc.status !== "resolved" && esc.nextUpdateDue !== null ? customerTime(esc.nextUpdateDue, writer.zone) : undefined,
    latestUpdate: update,
    status: update ? (UPDATE_STATUSES.find((s) => s.id === update.status)?.label ?? update.status) : undefined,
  });
  return {
    esc,
    offered,
    template,
    subject: template.subject === undefined ? undefined : fillTemplate(template.subject, values),
    text: fillTemplate(template.body, values),
    fitting: { kind: fitting.kind, templateId: fitting.template.id, exact: fitting.exact },
  };
}

/** The person who will send it: the name they sign with, and their time zone (else UTC, named). */
async function whoWrites(client: WebClient, logger: Logger, userId: string): Promise<{ name: string | undefined; zone: string }> {
  try {
    const user = (await client.users.info({ user: userId })).user;
    return { name: user?.real_name || user?.profile?.real_name || undefined, zone: user?.tz || "UTC" };
  } catch (err) {
    // The draft still opens: its signature is left as a gap to fill.
    logger.warn({ user: userId, error: err instanceof Error ? err.message : String(err) }, "users.info_failed");
    return { name: undefined, zone: "UTC" };
  }
}

/** The facts mayDraft needs: none for an ordinary escalation (anyone may), asked of Slack for a restricted one. */
export function draftActor(deps: Pick<ListenerDeps, "actors">, client: WebClient, userId: string, esc: EscalationRow): Promise<Actor> {
  return esc.restricted ? deps.actors.of(client, userId, esc) : Promise.resolve({ userId, roles: new Set(), channels: new Set() });
}
