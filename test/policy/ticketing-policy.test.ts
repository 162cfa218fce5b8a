import { describe, expect, it } from "vitest";
import { loadPolicyFile, parsePolicy } from "../../src/policy/loader.js";
import { MINIMAL_PLAYBOOK, onlyProblemOf, playbookWith } from "../support/policy-text.js";

/** The playbook's `ticketing`: how it is written, what is refused (file, line, field and the fix), and which playbooks set it. */

const withTicketing = playbookWith("ticketing"); // its lines start at line 10
const problemOf = (text: string) => onlyProblemOf(text, "tickets.yml");

describe("ticketing in a playbook", () => {
  it("a system and a link template; the system alone; or nothing", () => {
    const p = parsePolicy(withTicketing("  system: Zendesk", '  url: "https://acme.zendesk.com/agent/tickets/{ref}"'), "tickets.yml");
    expect(p.ticketing).toEqual({ system: "Zendesk", url: "https://acme.zendesk.com/agent/tickets/{ref}" });
    expect(parsePolicy(withTicketing("  system: Jira Service Desk"), "tickets.yml").ticketing).toEqual({ system: "Jira Service Desk" });
    expect(parsePolicy(MINIMAL_PLAYBOOK, "tickets.yml").ticketing).toBeUndefined();
  });

  it.each([
    [["  system: Zendesk", "  url: acme.zendesk.com/agent/tickets/{ref}"], 11, "expected an http:// or https:// link, e.g. https://acme.zendesk.com/agent/tickets/{ref}"],
    [["  system: Zendesk", '  url: "javascript:alert(1)//{ref}"'], 11, "expected an http:// or https:// link"],
    [["  system: Zendesk", '  url: "https://acme.zendesk.com/agent/tickets/"'], 11, "the link must contain {ref} exactly once (it holds 0)"],
    [["  system: Zendesk", '  url: "https://acme.zendesk.com/{ref}/{ref}"'], 11, "the link must contain {ref} exactly once (it holds 2)"],
    [["  system: Zendesk", '  url: "https://acme.zendesk.com/agent tickets/{ref}"'], 11, "write any other character percent-encoded (a space as %20)"],
    [["  system: Zendesk", '  url: "https:///tickets/{ref}"'], 11, "the link needs a host"],
    [["  system: Zendesk", '  url: "https://{ref}.zendesk.com/"'], 11, "{ref} must come after the host"],
    [["  system: Zendesk", '  url: "https://me:pw@acme.zendesk.com/{ref}"'], 11, "must not carry a user name or password"],
    [["  system: Zendesk", "  url: 42"], 11, "expected string"],
    [['  system: ""', '  url: "https://acme.zendesk.com/agent/tickets/{ref}"'], 10, "name the ticketing system as the playbook does"],
    [['  url: "https://acme.zendesk.com/agent/tickets/{ref}"'], 10, "ticketing.system"],
    [["  system: Zendesk", '  link: "https://acme.zendesk.com/agent/tickets/{ref}"'], 11, "unknown field 'link'"],
  ])("refuses %j at line %i: %s", (lines, line, expected) => {
    const problem = problemOf(withTicketing(...lines));
    expect(problem.line).toBe(line);
    expect(problem.path).toMatch(/^ticketing/);
    expect(problem.message).toContain(`tickets.yml:${line}:`);
    expect(problem.message).toContain(expected);
  });

  it("Fleet links its tickets (a help-centre link on the portal its playbook names); the others name no system and address, and show references as typed", () => {
    const ticketing = (name: string) => loadPolicyFile(new URL(`../../policies/${name}.yml`, import.meta.url).pathname).ticketing;
    expect(ticketing("fleet-management")).toEqual({ system: "Zendesk", url: "https://support.fleetmanagement.com/hc/requests/{ref}" });
    for (const name of ["generic-levels", "octoacme", "saas-escalation-policies", "teamflow"]) expect(ticketing(name)).toBeUndefined();
  });
});
