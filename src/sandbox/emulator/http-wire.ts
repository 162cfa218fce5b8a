import type { IncomingMessage, ServerResponse } from "node:http";
import type { Json } from "../web-api/wire.js";

/**
 * Web API requests as @slack/web-api (or curl) sends them, decoded into arguments and a token;
 * and JSON answers written back.
 */

/**
 * Arguments arrive form-encoded, where @slack/web-api JSON-encodes every non-scalar value; decode
 * those back, except free-text fields that may legitimately look like JSON ("[P1] ...").
 */
const FREE_TEXT_FIELDS = new Set(["text", "markdown_text", "fallback", "title", "initial_comment", "query", "private_metadata"]);

function decodeFormValue(key: string, value: string): unknown {
  if (FREE_TEXT_FIELDS.has(key)) return value;
  const first = value.trimStart()[0];
  if (first !== "{" && first !== "[") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export function parseArgs(url: URL, headers: IncomingMessage["headers"], body: string): { args: Json; token?: string } {
  const args: Json = {};
  for (const [k, v] of url.searchParams) args[k] = decodeFormValue(k, v);
  const contentType = headers["content-type"] ?? "";
  if (contentType.includes("application/json")) {
    const parsed = parseJsonBody(body);
    if (parsed) Object.assign(args, parsed);
  } else if (body !== "") {
    for (const [k, v] of new URLSearchParams(body)) args[k] = decodeFormValue(k, v);
  }
  let token: string | undefined;
  const auth = headers.authorization;
  if (auth?.startsWith("Bearer ")) token = auth.slice("Bearer ".length);
  if (typeof args.token === "string") {
    token ??= args.token;
    delete args.token; // keep tokens out of args so assertions on args stay simple
  }
  return token === undefined ? { args } : { args, token };
}

export function parseJsonBody(body: string): Json | undefined {
  if (body.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
