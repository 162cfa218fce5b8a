import { describe, expect, it } from "vitest";
import { looksLikeTicketRef, ticketLabel, ticketTemplateProblem, ticketUrl, TICKET_REF_MAX } from "../../src/domain/ticket-link.js";

/** The ticket link builder: which templates are good, which references link, and how they are encoded. */

const ZENDESK = { system: "Zendesk", url: "https://acme.zendesk.com/agent/tickets/{ref}" };

describe("ticketTemplateProblem", () => {
  it.each([
    "https://acme.zendesk.com/agent/tickets/{ref}",
    "https://acme.freshdesk.com/a/tickets/{ref}",
    "https://acme.atlassian.net/browse/{ref}",
    "http://tickets.internal:8080/view?id={ref}&tab=history",
    "https://support.example.com/hc/requests/{ref}#comments",
  ])("accepts %s", (template) => {
    expect(ticketTemplateProblem(template)).toBeUndefined();
  });

  it.each([
    ["acme.zendesk.com/agent/tickets/{ref}", "expected an http:// or https:// link"],
    ["javascript:alert(1)//{ref}", "expected an http:// or https:// link"],
    ["ftp://acme.example/{ref}", "expected an http:// or https:// link"],
    ["https://acme.zendesk.com/agent/tickets/", "must contain {ref} exactly once (it holds 0)"],
    ["https://acme.zendesk.com/{ref}/tickets/{ref}", "must contain {ref} exactly once (it holds 2)"],
    ["https://acme.zendesk.com/tickets/{id}", "must contain {ref} exactly once (it holds 0)"],
    ["https://acme.zendesk.com/{org}/tickets/{ref}", "no other {placeholder}"],
    ["https://acme.zendesk.com/agent tickets/{ref}", "percent-encoded"],
    ["https://acme.zendesk.com/t/{ref}|Click here", "percent-encoded"],
    ["https://acme.zendesk.com/t/{ref}>", "percent-encoded"],
    ["https://acme.zendesk.com/t/({ref})", "percent-encoded"],
    ["https:///tickets/{ref}", "needs a host"],
    ["https://{ref}", "{ref} must come after the host"],
    ["https://?q={ref}", "needs a host"],
    ["https://{ref}.zendesk.com/agent/tickets", "{ref} must come after the host"],
    ["https://acme.zendesk.com{ref}", "{ref} must come after the host"],
    ["https://agent:hunter2@acme.zendesk.com/tickets/{ref}", "user name or password"],
  ])("refuses %s: %s", (template, problem) => {
    expect(ticketTemplateProblem(template)).toContain(problem);
  });
});

describe("looksLikeTicketRef", () => {
  it.each(["12345", "#12345", "ZD-1234", "SUP-42", "TICKET-12345", "ticket_7", "a", "Ünïcode-5", "1&2", "x".repeat(TICKET_REF_MAX)])("%s is a reference", (ref) => {
    expect(looksLikeTicketRef(ref)).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["TICKET #12345", "a space"],
    ["12\t34", "a tab"],
    ["12\n34", "a new line"],
    ["12\u0000", "a control character"],
    ["12\u202e43", "a right-to-left override"],
    ["12\u200b3", "a zero-width space"],
    ["x".repeat(TICKET_REF_MAX + 1), "too long"],
    ["1|<!channel>", "link markup"],
    ["1>2", "a closing bracket"],
    ["<@U1>", "a mention"],
    ["..", "only dots"],
    ["#", "only a hash"],
  ])("%j is not (%s)", (ref) => {
    expect(looksLikeTicketRef(ref)).toBe(false);
  });
});

describe("ticketUrl", () => {
  it.each([
    ["12345", "https://acme.zendesk.com/agent/tickets/12345"],
    // The form suggests "#12345": the number alone goes in the link.
    ["#12345", "https://acme.zendesk.com/agent/tickets/12345"],
    ["  ZD-1234 ", "https://acme.zendesk.com/agent/tickets/ZD-1234"],
    // Everything outside RFC 3986's unreserved characters is percent-encoded, so the reference stays in its path segment.
    ["../admin", "https://acme.zendesk.com/agent/tickets/..%2Fadmin"],
    ["1?x=2&y", "https://acme.zendesk.com/agent/tickets/1%3Fx%3D2%26y"],
    ["a#frag", "https://acme.zendesk.com/agent/tickets/a%23frag"],
    ["it's(1)!*", "https://acme.zendesk.com/agent/tickets/it%27s%281%29%21%2A"],
    ["50%", "https://acme.zendesk.com/agent/tickets/50%25"],
    ["ü-1", "https://acme.zendesk.com/agent/tickets/%C3%BC-1"],
    ["javascript:alert(1)", "https://acme.zendesk.com/agent/tickets/javascript%3Aalert%281%29"],
  ])("%j → %s", (ref, url) => {
    expect(ticketUrl(ZENDESK, ref)).toBe(url);
    expect(new URL(url).host).toBe("acme.zendesk.com");
  });

  it("fills a template whose reference is a query parameter", () => {
    expect(ticketUrl({ system: "Desk", url: "https://desk.example/view?id={ref}&tab=1" }, "A&B")).toBe("https://desk.example/view?id=A%26B&tab=1");
  });

  it.each([
    ["", "empty"],
    ["   ", "blank"],
    ["TICKET #12345", "a space"],
    ["1|<!channel>", "link markup"],
    ["a>b", "a closing bracket"],
    ["12\u0007", "a control character"],
    ["x".repeat(TICKET_REF_MAX + 1), "too long"],
    ["#", "nothing after the hash"],
    ["#.", "no letter or digit after the hash"],
  ])("%j stays plain text (%s)", (ref) => {
    expect(ticketUrl(ZENDESK, ref)).toBeUndefined();
  });

  it("makes no link without a template, or without a reference", () => {
    expect(ticketUrl(undefined, "12345")).toBeUndefined();
    expect(ticketUrl({ system: "Zendesk" }, "12345")).toBeUndefined();
    expect(ticketUrl(ZENDESK, null)).toBeUndefined();
    expect(ticketUrl(ZENDESK, undefined)).toBeUndefined();
  });

  it("makes no link from a template that would be refused at load (a playbook built by hand)", () => {
    expect(ticketUrl({ system: "Evil", url: "javascript:alert(1)//{ref}" }, "1")).toBeUndefined();
    expect(ticketUrl({ system: "Evil", url: "https://{ref}.example.com/" }, "evil")).toBeUndefined();
  });
});

describe("ticketLabel", () => {
  it("names the system when the playbook does", () => {
    expect(ticketLabel(ZENDESK)).toBe("Zendesk ticket");
    expect(ticketLabel(undefined)).toBe("Ticket");
  });
});
