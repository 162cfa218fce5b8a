import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints the slowest test files at the end of a run (each engine's run of a file apart), so the
 * next slowdown is seen in the run that brings it, not months later.
 */
export default class SlowestFilesReporter implements Reporter {
  constructor(private readonly count = 10) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules
      .map((m) => {
        const d = m.diagnostic();
        // Importing the file and its modules counts: a slow import is a slow file.
        return { name: `${m.project.name} ${m.relativeModuleId}`, seconds: (d.collectDuration + d.duration) / 1000 };
      })
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, this.count);
    if (rows.length === 0) return;
    const lines = rows.map((r) => `  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}`);
    process.stdout.write(`\nThe ${rows.length} slowest test files:\n${lines.join("\n")}\n`);
  }
}
