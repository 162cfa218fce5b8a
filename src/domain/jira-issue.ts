import type { BugReport } from "./bug-report.js";
import type { Escalation } from "./escalation.js";
import { formatEscalationId } from "./escalation-id.js";
import { severityLabel } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";

/**
 * The Jira issue Create Jira issue files (REST API v3): made from the export's bug report, in the
 * playbook's project, issue type and priority, with a label unique to the escalation so that an
 * attempt cut short (the bot killed after Jira made it) is found again instead of made twice. Pure.
 */

/** Jira's form of an issue key (FLEET-5678): anything else in an answer is not kept. */
export const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

/** Summaries are at most 255 characters in Jira. */
const MAX_SUMMARY = 255;

/** The label every issue the bot files carries, and the one unique to this installation's escalation. */
export const JIRA_BOT_LABEL = "escalation-bot";
export function jiraEscalationLabel(teamId: string, escalationId: number): string {
  return `${JIRA_BOT_LABEL}-${teamId.toLowerCase().replace(/[^a-z0-9]/g, "")}-${formatEscalationId(escalationId).toLowerCase()}`;
}

/** The JQL that finds the issue an earlier attempt made. Labels hold no quote (see jiraEscalationLabel). */
export const jiraSearchJql = (label: string): string => `labels = "${label}" ORDER BY created ASC`;

/** A link to the issue in Jira's web UI. */
export const jiraBrowseUrl = (baseUrl: string, key: string): string => `${baseUrl.replace(/\/+$/, "")}/browse/${key}`;

/** The project the playbook files in, else the environment's. */
export const jiraProject = (policy: Pick<Policy, "jira">, envProject: string): string => policy.jira?.project ?? envProject;

/** Atlassian Document Format: paragraphs, and the bug report's body as a block of text (kept as written). */
export interface AdfDocument {
  type: "doc";
  version: 1;
  content: ({ type: "paragraph"; content: { type: "text"; text: string; marks?: { type: "link"; attrs: { href: string } }[] }[] } | { type: "codeBlock"; content: { type: "text"; text: string }[] })[];
}

export interface JiraIssueFields {
  project: { key: string };
  issuetype: { name: string };
  summary: string;
  description: AdfDocument;
  labels: string[];
  priority?: { name: string };
}

const paragraph = (text: string, href?: string): AdfDocument["content"][number] => ({
  type: "paragraph",
  content: [{ type: "text", text, ...(href ? { marks: [{ type: "link", attrs: { href } }] } : {}) }],
});

/**
 * The new issue's fields. A restricted escalation's customer, summary and report stay in Slack unless
 * the playbook allows them (jira.restrictedDetails): the issue says only which escalation it is.
 */
export function jiraIssueFields(input: {
  esc: Pick<Escalation, "id" | "severity" | "restricted">;
  policy: Policy;
  report: BugReport;
  project: string;
  label: string;
  /** The escalation's thread in Slack, when known. */
  link: string | undefined;
}): JiraIssueFields {
  const { esc, policy, report } = input;
  const spec = policy.jira;
  const ref = formatEscalationId(esc.id);
  const details = !esc.restricted || spec?.restrictedDetails === true;
  const summary = details ? `${ref}: ${report.title}` : `Restricted escalation ${ref}: details in Slack`;
  const priority = spec?.priorities[esc.severity] ?? (details ? report.priority : null) ?? undefined;
  const content: AdfDocument["content"] = [paragraph(`Filed by the escalation bot from ${ref} (${severityLabel(policy, esc.severity)}, playbook ${policy.name}).`)];
  if (input.link) content.push(paragraph(`${ref} in Slack`, input.link));
  if (details) content.push({ type: "codeBlock", content: [{ type: "text", text: report.body }] });
  else content.push(paragraph("This escalation is restricted: its customer, summary and bug report stay in Slack, with the people allowed to see them."));
  return {
    project: { key: input.project },
    issuetype: { name: spec?.issueType ?? "Bug" },
    summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
    description: { type: "doc", version: 1, content },
    labels: [...new Set([JIRA_BOT_LABEL, input.label, ...(spec?.labels ?? [])])],
    ...(priority ? { priority: { name: priority } } : {}),
  };
}

/** The key of a created issue (`{ id, key, self }`) or a fetched one; undefined when the answer has none in Jira's form. */
export function jiraKeyOf(answer: string): string | undefined {
  try {
    const key = (JSON.parse(answer) as { key?: unknown }).key;
    return typeof key === "string" && JIRA_KEY.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The first issue of a JQL search's answer (`{ issues: [{ key }] }`), if any. */
export function jiraFoundKey(answer: string): string | undefined {
  try {
    const issues = (JSON.parse(answer) as { issues?: { key?: unknown }[] }).issues;
    const key = Array.isArray(issues) ? issues[0]?.key : undefined;
    return typeof key === "string" && JIRA_KEY.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}
