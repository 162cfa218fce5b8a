import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The built delivery thread (dist/slack/delivery-worker.js) for the bots tests start, when dist/ was
 * built after every source changed (the run's global setup builds it: test/support/build-global-setup.ts).
 * From src/, each new thread would compile the sources again through tsx, a second per bot; the
 * build of the same sources starts in a third of that. In watch mode, after an edit, the build is
 * older than the sources and the threads load them through tsx as before.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKER = join(ROOT, "dist/slack/delivery-worker.js");
const STAMP = join(ROOT, "dist/.build-stamp");

function newestUnder(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newestUnder(join(path, entry))), info.mtimeMs);
}

/** BotOptions for the built delivery thread when the build is current; none (tsx) otherwise. */
export function withBuiltDeliveryWorker(): { deliveryWorkerScript?: URL } {
  if (!existsSync(STAMP) || !existsSync(WORKER)) return {};
  return statSync(STAMP).mtimeMs >= newestUnder(join(ROOT, "src")) ? { deliveryWorkerScript: pathToFileURL(WORKER) } : {};
}
