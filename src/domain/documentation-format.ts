import type { BugReportSpec, DocumentationSpec, DocumentSection } from "./playbook/model.js";

/**
 * The export format a playbook gets when its file says nothing: the documentation every playbook
 * asks for before escalating (summary, impact, what was tried, errors, environment, steps,
 * workaround, sentiment) and a plain bug report with the fields Jira's bug type needs. A playbook
 * with its own format (Fleet's "Bug Report Template", OctoAcme's "Escalation Template") writes it
 * under `documentation:` in its policy file.
 */

export const DEFAULT_DOCUMENT_SECTIONS: DocumentSection[] = [
  {
    heading: "Escalation documentation",
    items: [
      { label: "Issue summary", value: "summary" },
      { label: "Customer impact", value: "impact" },
      { label: "Troubleshooting steps", value: "troubleshooting" },
      { label: "Error messages", value: "error_messages" },
      { label: "Environment", value: "environment" },
      { label: "Steps to reproduce", value: "repro_steps" },
      { label: "Workaround", value: "workaround" },
      { label: "Customer sentiment", value: "sentiment" },
      { label: "Ticket", value: "ticket" },
    ],
  },
];

export const DEFAULT_BUG_REPORT: BugReportSpec = {
  title: "{summary}",
  body: `Title: {title}
Type: Bug
Priority: {priority}
Severity: {severity}

ENVIRONMENT:
{environment}

DESCRIPTION:
{summary}

EXPECTED BEHAVIOUR:
{expected}

ACTUAL BEHAVIOUR:
{actual}

STEPS TO REPRODUCE:
{repro_steps}

FREQUENCY:
{frequency}

WORKAROUND:
{workaround}

CUSTOMER IMPACT:
{impact}

LINKS:
{links}
`,
  priorities: {},
};

export const DEFAULT_DOCUMENTATION: DocumentationSpec = {
  title: "Escalation package",
  sections: DEFAULT_DOCUMENT_SECTIONS,
  bugReport: DEFAULT_BUG_REPORT,
};
