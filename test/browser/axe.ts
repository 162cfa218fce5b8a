import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/**
 * axe-core, the accessibility rules engine browser test suites use, run inside the page under test.
 * Its script is read once from node_modules (no CDN) and injected as an inline script tag.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeImpact = "minor" | "moderate" | "serious" | "critical";

export interface AxeViolation {
  id: string;
  impact: AxeImpact | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

/** The page's CSP refuses inline scripts, so windows that run axe are opened with CSP bypassed. */
export const AXE_CONTEXT_OPTIONS = { bypassCSP: true } as const;

/**
 * Runs axe on the whole document (WCAG 2.x A and AA rules plus axe's best practices) and gives its
 * violations. Page-side code is passed as text: this project's TypeScript has no DOM types here.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate<AxeViolation[]>(`(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary ?? "" })),
    }));
  })()`);
}

/** Violations a person is seriously or critically hindered by: the ones the tests refuse. */
export const blocking = (violations: AxeViolation[]): AxeViolation[] => violations.filter((v) => v.impact === "serious" || v.impact === "critical");

/** Counts by impact, e.g. `{ critical: 2, serious: 1, moderate: 3 }`. */
export function countByImpact(violations: AxeViolation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of violations) counts[v.impact ?? "unknown"] = (counts[v.impact ?? "unknown"] ?? 0) + v.nodes.length;
  return counts;
}

/** One paragraph per violation: id, impact, help, and each element's selector and what fails. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.html.slice(0, 200)}\n      ${n.failureSummary.replace(/\n/g, "\n      ")}`).join("\n");
      return `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/** Fails with every serious or critical violation described, so a failing run says what to fix. */
export async function expectNoBlockingViolations(page: Page, where: string): Promise<AxeViolation[]> {
  const all = await axeViolations(page);
  if (process.env.AXE_REPORT) process.stdout.write(`axe ${where}: ${JSON.stringify(countByImpact(all))}\n${describeViolations(all)}\n`);
  const refused = blocking(all);
  if (refused.length > 0) throw new Error(`axe found ${refused.length} serious or critical violation(s) ${where}:\n${describeViolations(refused)}`);
  return all;
}
