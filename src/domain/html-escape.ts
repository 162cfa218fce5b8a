/**
 * The one HTML escaping function, for every page the bot serves (the sandbox's and the dashboard's):
 * user-typed text, and the playbook's labels, are data, never markup.
 */
export const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and for attribute values in either kind of quotes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
