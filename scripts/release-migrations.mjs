#!/usr/bin/env node
// Marks every migration in migrations/meta/_journal.json as released: adds the ones not yet in
// migrations/released.json (file hash and journal entry). Run when cutting a release. It never
// rewrites an entry already there: a released migration that changed must be put back instead,
// and the change made as a new migration (test/db/released-migrations.test.ts says which).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const MANIFEST = "migrations/released.json";
const journal = JSON.parse(readFileSync("migrations/meta/_journal.json", "utf8"));
const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

const added = [];
for (const [i, entry] of journal.entries.entries()) {
  const file = `${entry.tag}.sql`;
  const released = manifest.journal[i];
  if (released) {
    if (released.tag !== entry.tag || released.when !== entry.when || manifest.files[file] !== sha256(`migrations/${file}`)) {
      console.error(`migrations/${file} changed after release: put it back and add a new migration instead (npx vitest run test/db/released-migrations.test.ts)`);
      process.exit(1);
    }
    continue;
  }
  manifest.files[file] = sha256(`migrations/${file}`);
  manifest.journal.push({ tag: entry.tag, when: entry.when });
  added.push(file);
}
writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(added.length === 0 ? "every migration was released already" : `released: ${added.join(", ")}`);
