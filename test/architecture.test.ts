import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The shape docs/architecture.md describes, held against the code: the floors and what each may
 * import, no import circle, the playbook adapter used only where the playbook is loaded, and no
 * source file too long to read in one sitting.
 */

const SRC = "src";
const MAX_LINES = 400;

/** Each place's floor; a file may import from its own floor or below, never above. */
const FLOORS: readonly (readonly [place: string, floor: number])[] = [
  ["src/domain/", 1],
  ["src/policy/", 2],
  ["src/db/", 2],
  ["src/log-redaction.ts", 2],
  ["src/log-pretty.ts", 2],
  ["src/logger.ts", 2],
  ["src/config.ts", 3],
  ["src/services/", 3],
  ["src/slack/", 4],
  ["src/integrations/", 4],
  ["src/scheduler/", 4],
  ["src/metrics/", 4],
  ["src/dashboard/", 4],
  ["src/bot.ts", 5],
  ["src/cli/", 6],
  ["src/sandbox/", 6],
  ["src/main.ts", 6],
];

/** Who may load the playbook file (src/policy/, the YAML adapter): the composition roots and the CLI. */
const POLICY_ADAPTER_USERS = ["src/bot.ts", "src/main.ts", "src/cli/", "src/sandbox/run.ts", "src/policy/"];

function floorOf(file: string): number {
  const found = FLOORS.find(([place]) => file === place || file.startsWith(place));
  if (!found) throw new Error(`${file} is on no floor: add its place to FLOORS here and to docs/architecture.md`);
  return found[1];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Static imports and re-exports, and `import("...")` of a literal path; type-only ones included. */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|(?:^|[^.\w])import\(\s*"([^"]+)"\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const local: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2]!;
    if (!spec.startsWith(".")) continue;
    // Sources import each other by their compiled name (.js); the page's modules by their own.
    const target = normalize(join(dirname(file), spec)).replace(/\.js$/, ".ts");
    local.push(known.has(target) ? target : target.replace(/\.ts$/, ".js"));
  }
  return local;
}

const files = sourceFiles(SRC).sort();
const known = new Set(files);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Strongly connected components of more than one file (or a file importing itself): the circles. */
function circles(): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    indexOf.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, indexOf.get(next)!));
    }
    if (low.get(file) === indexOf.get(file)) {
      const component: string[] = [];
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        onStack.delete(member);
        component.push(member);
        if (member === file) break;
      }
      if (component.length > 1 || graph.get(file)!.includes(file)) found.push(component.sort());
    }
  };
  for (const file of files) if (!indexOf.has(file)) visit(file);
  return found;
}

describe("the code's structure (docs/architecture.md)", () => {
  it("reads every relative import of src/ as a file of src/", () => {
    const unknown = [...graph].flatMap(([file, targets]) => targets.filter((t) => !known.has(t)).map((t) => `${file} -> ${t}`));
    expect(unknown).toEqual([]);
    // The reader sees the imports it must: the playbook adapter's own import of the domain model.
    expect(graph.get("src/policy/loader.ts")).toContain("src/domain/playbook/model.ts");
  });

  it("has no import circle", () => {
    expect(circles()).toEqual([]);
  });

  it("imports only from the same floor or below", () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => known.has(t) && floorOf(t) > floorOf(file)).map((t) => `${file} (floor ${floorOf(file)}) -> ${t} (floor ${floorOf(t)})`),
    );
    expect(upward).toEqual([]);
  });

  it("keeps the domain free of Slack, the database and the YAML adapter", () => {
    const domainImports = files
      .filter((f) => f.startsWith("src/domain/"))
      .flatMap((file) => {
        const text = readFileSync(file, "utf8");
        return [...text.matchAll(/from\s*"([^".][^"]*)"/g)].map((m) => `${file}: ${m[1]}`);
      });
    // Packages the domain may use: dates and time zones only.
    expect(domainImports.filter((line) => !/: luxon$/.test(line))).toEqual([]);
  });

  it("loads the playbook file only in the composition roots and the CLI", () => {
    const users = [...graph].flatMap(([file, targets]) =>
      targets.some((t) => t.startsWith("src/policy/")) && !POLICY_ADAPTER_USERS.some((p) => file === p || file.startsWith(p)) ? [file] : [],
    );
    expect(users).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file, lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${relative(".", file)}: ${lines}`);
    expect(long).toEqual([]);
  });
});
