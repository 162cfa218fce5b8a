import { describe, expect, it } from "vitest";
import { loadPolicyFile, parsePolicy } from "../../src/policy/loader.js";
import { MINIMAL_PLAYBOOK, onlyProblemOf, playbookWith } from "../support/policy-text.js";

/** The playbook's `weeklyReview`: how it is written, what is refused (file, line, field and the fix), and which playbooks have one. */

const withReview = playbookWith("weeklyReview"); // its lines start at line 10
const problemOf = (text: string) => onlyProblemOf(text, "review.yml");

describe("weeklyReview in a playbook", () => {
  it("day, local time, optional zone and channel", () => {
    const p = parsePolicy(withReview("  day: fri", '  at: "16:30"', "  zone: Europe/Berlin", '  channel: "#support-leads"'), "review.yml");
    expect(p.weeklyReview).toEqual({ day: "fri", at: "16:30", zone: "Europe/Berlin", channel: "#support-leads" });
    expect(parsePolicy(MINIMAL_PLAYBOOK, "review.yml").weeklyReview).toBeUndefined();
  });

  it.each([
    [["  day: monday", '  at: "09:00"', "  channel: '#r'"], 10, "weeklyReview.day", "expected a day of the week: mon, tue, wed, thu, fri, sat or sun"],
    [["  day: mon", '  at: "9am"', "  channel: '#r'"], 11, "weeklyReview.at", "expected a 24-hour local time such as 09:00"],
    [["  day: mon", '  at: "24:00"', "  channel: '#r'"], 11, "weeklyReview.at", "expected a 24-hour local time such as 09:00"],
    [["  day: mon", '  at: "09:00"', "  zone: Pacific", "  channel: '#r'"], 12, "weeklyReview.zone", "'Pacific' is not an IANA time zone such as America/Los_Angeles (or leave zone out for the playbook's)"],
    [["  day: mon", '  at: "09:00"'], 10, "weeklyReview.channel", "is required"],
    [["  day: mon", '  at: "09:00"', "  channel: '#r'", "  time: '10:00'"], 13, "weeklyReview.time", "unknown field 'time'"],
  ])("refuses %j at line %i (%s): %s", (lines, line, path, expected) => {
    const problem = problemOf(withReview(...lines));
    expect(problem).toMatchObject({ line, path });
    expect(problem.message).toContain(`review.yml:${line}:`);
    expect(problem.message).toContain(expected);
  });

  it("Fleet and the generic procedure have one (their playbooks' weekly review); TeamFlow, OctoAcme and the SaaS policy do not", () => {
    const review = (name: string) => loadPolicyFile(new URL(`../../policies/${name}.yml`, import.meta.url).pathname).weeklyReview;
    expect(review("fleet-management")).toEqual({ day: "mon", at: "09:00", channel: "#fleet-escalation-review" });
    expect(review("generic-levels")).toEqual({ day: "mon", at: "09:00", channel: "#support-escalation-review" });
    for (const name of ["teamflow", "octoacme", "saas-escalation-policies"]) expect(review(name)).toBeUndefined();
  });
});
