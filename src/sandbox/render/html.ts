import { escapeHtml, HTML_ESCAPES } from "../../domain/html-escape.js";

export { escapeHtml };

/** Same escaping as escapeHtml; a separate name so call sites say which context they write into. */
export const escapeAttr = escapeHtml;

/**
 * ` name="value"` with the value escaped, or "" when the value is absent, so optional
 * attributes can be concatenated without conditionals at every call site.
 */
export function attr(name: string, value: string | number | undefined): string {
  if (value === undefined) return "";
  return ` ${name}="${escapeAttr(String(value))}"`;
}

/** ` name` for a boolean attribute, or "" when false. */
export function flag(name: string, on: boolean): string {
  return on ? ` ${name}` : "";
}

/**
 * A single-quoted attribute, for JSON payloads (data-confirm) that read more easily with
 * their double quotes unescaped; only & and ' (and < > for good measure) need escaping there.
 */
export function attrSingleQuoted(name: string, value: string): string {
  const escaped = value.replace(/[&<>']/g, (c) => HTML_ESCAPES[c] ?? c);
  return ` ${name}='${escaped}'`;
}

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

/**
 * The URL when it is safe to put in href/src: http(s), mailto, or a same-origin path.
 * Anything else (javascript:, data:, protocol-relative //host, garbage) gives undefined.
 */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === "") return undefined;
  // Browsers drop tabs/newlines inside URLs ("java\tscript:"), so refuse control characters outright.
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return undefined;
  if (trimmed.startsWith("/")) {
    // "//host" and "/\host" are protocol-relative in browsers, i.e. another origin.
    return trimmed[1] === "/" || trimmed[1] === "\\" ? undefined : trimmed;
  }
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  return SAFE_PROTOCOLS.has(parsed.protocol) ? trimmed : undefined;
}
