/**
 * The ticket reference typed on the form, as a link into the support team's ticketing system when
 * the playbook gives a URL template (`https://acme.zendesk.com/agent/tickets/{ref}`). Pure: the
 * template is checked once when the playbook loads (`ticketTemplateProblem`), and each reference is
 * checked and encoded when a link is made (`ticketUrl`). A reference that does not look like one
 * stays plain text: a link that leads nowhere, or somewhere else, is worse than none.
 */

/** The playbook's ticketing system (domain/playbook/model.ts PolicyFile.ticketing). */
export interface TicketingSpec {
  /** The system's name as the playbook writes it ("Zendesk"), shown beside the reference. */
  system: string;
  /** A link template with `{ref}` once; absent: references are shown as typed, never linked. */
  url?: string | undefined;
}

export const TICKET_REF_PLACEHOLDER = "{ref}";

/** Longer than any ticket key a ticketing system issues ("SUP-123456", "#12345678"). */
export const TICKET_REF_MAX = 64;

/**
 * What a template may hold besides `{ref}`: a URL's unreserved and reserved characters, less the
 * ones that end or split a link in Slack's mrkdwn (`<`, `>`, `|`) or in Markdown (`(`, `)`, `[`,
 * `]`), quotes and spaces. Anything else is written percent-encoded.
 */
const TEMPLATE_CHARS = /^[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*$/;

/** Why a link template is refused, in words for the policy author; undefined when it is good. */
export function ticketTemplateProblem(template: string): string | undefined {
  const example = "e.g. https://acme.zendesk.com/agent/tickets/{ref}";
  if (!/^https?:\/\//i.test(template)) return `expected an http:// or https:// link, ${example}`;
  const count = template.split(TICKET_REF_PLACEHOLDER).length - 1;
  if (count !== 1) return `the link must contain {ref} exactly once (it holds ${count}), ${example}`;
  if (!TEMPLATE_CHARS.test(template.replace(TICKET_REF_PLACEHOLDER, ""))) {
    return "the link may hold only letters, digits and - . _ ~ : / ? # @ ! $ & * + , ; = % besides {ref}: write any other character percent-encoded (a space as %20), and no other {placeholder}";
  }
  // Browsers read "https:///tickets/{ref}" as the host "tickets": the host must follow the "//".
  if (/^https?:\/\/[/?#]/i.test(template)) return `the link needs a host, ${example}`;
  let a: URL;
  let b: URL;
  try {
    a = new URL(template.replace(TICKET_REF_PLACEHOLDER, "1"));
    b = new URL(template.replace(TICKET_REF_PLACEHOLDER, "2"));
  } catch {
    return `not a link a browser can open, ${example}`;
  }
  if (a.hostname === "") return `the link needs a host, ${example}`;
  if (a.username !== "" || a.password !== "") return "the link must not carry a user name or password (a playbook is no place for credentials)";
  // A reference that could choose the host (https://{ref}.example.com) could send readers anywhere.
  if (a.host !== b.host || a.protocol !== b.protocol) return `{ref} must come after the host, ${example}`;
  return undefined;
}

/**
 * Does the typed text look like a ticket reference? Not empty, no space, control or invisible
 * formatting character (a right-to-left override could make one reference read as another), no
 * character that marks up a link (`<`, `>`, `|`), at least one letter or digit (so "." or ".."
 * cannot walk up the path) and not longer than any ticket key.
 */
export function looksLikeTicketRef(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= TICKET_REF_MAX &&
    !/[\s\p{Cc}\p{Cf}\p{Co}\p{Cn}<>|]/u.test(ref) &&
    /[\p{L}\p{N}]/u.test(ref)
  );
}

/**
 * Everything but RFC 3986's unreserved characters percent-encoded: `encodeURIComponent` leaves
 * `!'()*`, which Markdown's `(link)` and some ticketing systems' routers read as syntax.
 */
const encodeRef = (ref: string): string => encodeURIComponent(ref).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The ticket's link, or undefined: no template, or a reference that does not look like one. The
 * form suggests "#12345", and ticketing systems write their numbers so, but the number alone is
 * what their links hold: one leading `#` is left out of the link (it stays in what is shown).
 */
export function ticketUrl(ticketing: TicketingSpec | undefined, ref: string | null | undefined): string | undefined {
  if (!ticketing?.url || ref === null || ref === undefined) return undefined;
  const typed = ref.trim();
  if (!looksLikeTicketRef(typed)) return undefined;
  const key = typed.startsWith("#") ? typed.slice(1) : typed;
  if (!/[\p{L}\p{N}]/u.test(key)) return undefined;
  // A template refused at load never gets here; checked again so a hand-built playbook cannot slip one by.
  if (ticketTemplateProblem(ticketing.url) !== undefined) return undefined;
  return ticketing.url.replace(TICKET_REF_PLACEHOLDER, encodeRef(key));
}

/** "Ticket" or "Zendesk ticket": how the reference is labelled where it is shown. */
export function ticketLabel(ticketing: TicketingSpec | undefined): string {
  return ticketing ? `${ticketing.system} ticket` : "Ticket";
}
