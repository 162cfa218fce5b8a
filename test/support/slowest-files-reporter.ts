import type { Reporter, TestModule, Vitest } from "vitest/node";

/**
 * Prints the slowest test files at the end of a run (each engine's run of a file apart), so the
 * next slowdown is seen in the run that brings it, not months later.
 */
const COUNT = 10;

export default class SlowestFilesReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules
      .map((m) => {
        const d = m.diagnostic();
        // Importing the file and its modules counts: a slow import is a slow file.
        return { name: `${m.project.name} ${m.moduleId.replace(`${m.project.config.root}/`, "")}`, seconds: (d.collectDuration + d.duration) / 1000 };
      })
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, COUNT);
    if (rows.length === 0) return;
    const lines = rows.map((r) => `  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}`);
    // Through vitest's logger: it owns the terminal while the default reporter draws.
    this.vitest?.logger.log(`\nThe ${rows.length} slowest test files:\n${lines.join("\n")}`);
  }
}
