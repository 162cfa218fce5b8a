#!/usr/bin/env node
// Compiles src/ into dist/ only when a source or build setting changed since the last build, so
// `npm start` on an already built checkout starts at once and a fresh or edited one is still right.
// --always compiles regardless (npm run build, and npm ci through prepare).
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const STAMP = "dist/.build-stamp";
/** package.json's "bin": `npx escalation-bot` runs the file itself, so it must be executable. */
const COMMAND = "dist/cli/main.js";
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const builtAt = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const changedAt = Math.max(...INPUTS.filter((p) => existsSync(p)).map(newest));
if (process.argv.includes("--always") || changedAt > builtAt) {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
  writeFileSync(STAMP, new Date().toISOString());
}
// tsc writes files without the executable bit; set it on every run, so a build older than this
// rule is mended too.
if (existsSync(COMMAND)) chmodSync(COMMAND, 0o755);
