import { existsSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase, type DatabaseLocation } from "../db/connection.js";
import { systemClock, type Clock } from "../domain/clock.js";
import { formatEscalationId, parseEscalationId } from "../domain/escalation-id.js";
import { EXPORT_FORMATS, renderPackage, type ExportFormat } from "../domain/export-render.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../policy/loader.js";
import { ExportService } from "../services/export-service.js";
import type { CliIo } from "./policy-commands.js";

export const EXPORT_USAGE = "escalation-bot export ESC-0042 [--format md|json] [--out FILE] [--policy FILE]   (the database of DATABASE_URL, else DATABASE_PATH)";

/**
 * `export ESC-0042 --format md|json [--out FILE]`: the escalation package and its bug report, on
 * standard output or into a file. The playbook is `--policy`, else POLICY_FILE, else the default,
 * so the format is the one the bot runs. 0 when written, 1 for an escalation that does not exist or
 * a file that exists already, 2 for a wrong command line.
 */
export async function exportEscalation(args: string[], io: CliIo, location: DatabaseLocation, env: NodeJS.ProcessEnv, clock: Clock = systemClock): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: "string", default: "md" }, out: { type: "string" }, policy: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const ref = positionals[0];
  const id = ref === undefined ? undefined : (parseEscalationId(ref) ?? (/^\d{1,9}$/.test(ref) && Number(ref) > 0 ? Number(ref) : undefined));
  if (id === undefined || positionals.length > 1) {
    io.err(`export needs one escalation id such as ESC-0042${ref !== undefined ? ` ('${positionals.join(" ")}' is not one)` : ""}\nusage: ${EXPORT_USAGE}`);
    return 2;
  }
  const format = values.format as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    io.err(`--format must be ${EXPORT_FORMATS.join(" or ")}, not '${values.format}'`);
    return 2;
  }
  if (values.out !== undefined && existsSync(values.out)) {
    io.err(`${values.out} exists already; choose another --out file`);
    return 1;
  }
  const policy = loadPolicyFile(values.policy ?? (env.POLICY_FILE?.trim() || DEFAULT_POLICY_FILE));
  const db = await openDatabase(location);
  try {
    const result = await new ExportService({ db, clock, policy }).exportPackage(id);
    if (result.kind !== "exported") {
      io.err(`There is no ${formatEscalationId(id)} in ${db.location}.`);
      return 1;
    }
    const text = renderPackage(result.package, format);
    if (values.out === undefined) {
      io.out(text.trimEnd());
    } else {
      writeFileSync(values.out, text, { flag: "wx" });
      io.out(`wrote ${formatEscalationId(id)} (${format}, ${Buffer.byteLength(text)} bytes) to ${values.out}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
