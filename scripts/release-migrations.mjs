#!/usr/bin/env node
// Marks every migration in each engine's meta/_journal.json as released: adds the ones not yet in
// that engine's released.json (file hash and journal entry), creating it on an engine's first
// release. Run when cutting a release: `node scripts/release-migrations.mjs` does every engine
// folder (migrations/sqlite, migrations/pg); `node scripts/release-migrations.mjs migrations/pg`
// only the ones named. It never rewrites an entry already there: a released migration that changed
// must be put back instead, and the change made as a new migration (test/db/released-migrations.test.ts
// says which).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ENGINE_FOLDERS = ["migrations/sqlite", "migrations/pg"];
const folders = process.argv.length > 2 ? process.argv.slice(2) : ENGINE_FOLDERS.filter((f) => existsSync(join(f, "meta/_journal.json")));
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

for (const folder of folders) {
  const manifestPath = join(folder, "released.json");
  const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8"));
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : { files: {}, journal: [] };

  const added = [];
  for (const [i, entry] of journal.entries.entries()) {
    const file = `${entry.tag}.sql`;
    const path = join(folder, file);
    const released = manifest.journal[i];
    if (released) {
      if (released.tag !== entry.tag || released.when !== entry.when || manifest.files[file] !== sha256(path)) {
        console.error(`${path} changed after release: put it back and add a new migration instead (npx vitest run test/db/released-migrations.test.ts)`);
        process.exit(1);
      }
      continue;
    }
    manifest.files[file] = sha256(path);
    manifest.journal.push({ tag: entry.tag, when: entry.when });
    added.push(file);
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${folder}: ${added.length === 0 ? "every migration was released already" : `released ${added.join(", ")}`}`);
}
