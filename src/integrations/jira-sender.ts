import type { IntegrationSettings } from "../config.js";
import type { Tx } from "../db/database.js";
import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import { buildEscalationPackage } from "../domain/escalation-export.js";
import { jiraBrowseUrl, jiraEscalationLabel, jiraFoundKey, jiraIssueFields, jiraKeyOf, jiraProject, jiraSearchJql } from "../domain/jira-issue.js";
import type { Policy } from "../domain/playbook/model.js";
import { keepJiraIssue } from "../services/jira-service.js";
import { postJson, type PostOutcome } from "./http-post.js";

/**
 * Create Jira issue's call (REST API v3, basic auth with the API token): POST /rest/api/3/issue with
 * the bug report. When an earlier attempt may have reached Jira (the bot died before it recorded the
 * answer), Jira is searched first for the escalation's own label; an issue found is read back
 * (GET) instead of made again. The key Jira answers is kept on the escalation in the row's own
 * transaction (services/jira-service.ts keepJiraIssue).
 */

type JiraSettings = NonNullable<IntegrationSettings["jira"]>;

export interface JiraSendInput {
  settings: IntegrationSettings;
  esc: EscalationRow;
  policy: Policy;
  teamId: string;
  link: string | undefined;
  now: number;
  retrying: boolean;
  history(): Promise<TimelineEventRow[]>;
}

type JiraCall = { url: string; body: string; headers: Record<string, string>; shown: unknown; method?: "GET" };
type FailedLook = { failed: Extract<PostOutcome, { ok: false }>; url: string; shown: unknown };

/** Basic auth as Jira Cloud takes it: the account's email and an API token. Never logged (log-redaction keeps apiToken out). */
export function jiraAuthHeaders(jira: JiraSettings): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString("base64")}` };
}

export const jiraApi = (jira: JiraSettings, path: string): string => `${jira.baseUrl}/rest/api/3/${path}`;

export async function jiraRequest(input: JiraSendInput): Promise<JiraCall | FailedLook | string> {
  const jira = input.settings.jira;
  if (!jira) return "JIRA_BASE_URL (and the other JIRA_* variables) are not set any more";
  const headers = jiraAuthHeaders(jira);
  const label = jiraEscalationLabel(input.teamId, input.esc.id);
  if (input.retrying) {
    // An earlier attempt may have made it: look for its label before making another.
    const url = jiraApi(jira, "search/jql");
    const search = { jql: jiraSearchJql(label), fields: ["summary"], maxResults: 1 };
    const found = await postJson(url, JSON.stringify(search), headers, { now: () => input.now });
    if (!found.ok) return { failed: found, url, shown: search };
    const key = jiraFoundKey(found.body);
    if (key) return { url: jiraApi(jira, `issue/${key}?fields=summary`), method: "GET", body: "", headers, shown: { foundByLabel: label, key } };
  }
  const events = await input.history();
  const pkg = buildEscalationPackage(input.esc, events, { policy: input.policy, now: input.now, threadUrl: input.link });
  const fields = jiraIssueFields({ esc: input.esc, policy: input.policy, report: pkg.bugReport, project: jiraProject(input.policy, jira.projectKey), label, link: input.link });
  return { url: jiraApi(jira, "issue"), body: JSON.stringify({ fields }), headers, shown: { fields } };
}

/** After Jira's 2xx: its key kept, the post and thread told. An answer without a key in Jira's form is left unkept (the row is still sent). */
export async function jiraSent(tx: Tx, input: { settings: IntegrationSettings; esc: EscalationRow; policy: Policy; now: number; requestedBy: string; answer: string }): Promise<void> {
  const jira = input.settings.jira;
  const key = jiraKeyOf(input.answer);
  if (!jira || !key) return;
  // A created issue answers { id, key, self }; one read back after the search answers its fields too.
  const found = input.answer.includes('"fields"');
  await keepJiraIssue(tx, input.policy, input.esc, { key, url: jiraBrowseUrl(jira.baseUrl, key), requestedBy: input.requestedBy, found, now: input.now });
}
