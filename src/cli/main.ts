#!/usr/bin/env node
import { runCli } from "./run.js";
import type { CliIo } from "./policy-commands.js";

const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
process.exitCode = await runCli(process.argv.slice(2), io);
