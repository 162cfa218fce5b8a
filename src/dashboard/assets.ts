import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { DASHBOARD_CSP } from "./page.js";

/**
 * The dashboard's own files and uPlot's, served by the bot (no CDN: the product works offline).
 * Only these names are served; nothing is looked up from the URL.
 */
const PUBLIC = fileURLToPath(new URL("../../src/dashboard/public/", import.meta.url));
const require = createRequire(import.meta.url);
const UPLOT = (file: string) => require.resolve(`uplot/dist/${file}`);

const FILES: Readonly<Record<string, { path: () => string; type: string }>> = {
  "dashboard.js": { path: () => `${PUBLIC}dashboard.js`, type: "text/javascript; charset=utf-8" },
  "dashboard.css": { path: () => `${PUBLIC}dashboard.css`, type: "text/css; charset=utf-8" },
  "uPlot.iife.min.js": { path: () => UPLOT("uPlot.iife.min.js"), type: "text/javascript; charset=utf-8" },
  "uPlot.min.css": { path: () => UPLOT("uPlot.min.css"), type: "text/css; charset=utf-8" },
};

export const DASHBOARD_ASSETS = Object.keys(FILES);

export async function sendDashboardAsset(res: ServerResponse, name: string): Promise<void> {
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!file) return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  try {
    const body = await readFile(file.path());
    res.writeHead(200, { "content-type": file.type, "content-security-policy": DASHBOARD_CSP, "x-content-type-options": "nosniff", "cache-control": "no-cache" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
}
