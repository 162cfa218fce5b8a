import { execFileSync } from "node:child_process";

/**
 * Once per `npm test`, before any test file: dist/ as `npm ci` leaves it (compiled, the command
 * executable), built again only when a source changed since. Tests that run the built product (the
 * README's commands, kill -9 of `node dist/main.js`) find it ready, and never build it at the same
 * time as another test file.
 */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build-if-stale.mjs"], { stdio: "inherit" });
}
